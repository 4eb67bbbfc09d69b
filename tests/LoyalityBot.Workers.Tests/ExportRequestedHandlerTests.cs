using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>Exports with the workers' registration: seeded Postgres (read back from the replica), the sandbox receiving the documents.</summary>
public sealed class ExportRequestedHandlerTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const long PartnerId = 91_000_001;
    private const long OtherPartnerId = 91_000_002;

    [Fact]
    public async Task Partner_analytics_arrive_as_csv_and_xlsx_with_the_day_by_day_figures_once_per_request()
    {
        var (worker, bot, recipient) = await StartAsync();
        await using var _ = worker;
        var today = DateTime.UtcNow.Date;
        var (ann, bob, cid) = (recipient.Id + 1, recipient.Id + 2, recipient.Id + 3);
        await SeedClientsAsync(worker, ann, bob, cid);
        await ExecuteAsync(worker, $"""
            INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, purchase_amount, purchase_currency, idempotency_key, created_at) VALUES
              ({bob}, 'Accrual', 1, 1, {PartnerId}, 10.00, 'USD', 'old', '{Day(today, -200)} 10:00Z'),
              ({ann}, 'Accrual', 5, 5, {PartnerId}, 100.00, 'USD', 'a1', '{Day(today, -2)} 09:00Z'),
              ({bob}, 'Accrual', 2, 3, {PartnerId}, 50.00, 'USD', 'b1', '{Day(today, -2)} 18:30Z'),
              ({ann}, 'Accrual', 1, 6, {PartnerId}, 30.00, 'USD', 'a2', '{Day(today, -1)} 08:00Z'),
              ({ann}, 'Redemption', -4, 2, {PartnerId}, NULL, NULL, 'a3', '{Day(today, -1)} 08:05Z'),
              ({cid}, 'PromotionPayment', -10, 0, {PartnerId}, NULL, NULL, 'c1', '{Day(today, -1)} 12:00Z'),
              ({cid}, 'Accrual', 7, 7, {OtherPartnerId}, 70.00, 'USD', 'other', '{Day(today, -1)} 12:00Z')
            """);
        await WaitForReplicaAsync(worker, "SELECT count(*) FROM ledger_entries", 7);
        var csvRequest = new ExportRequestedIntegrationEvent(ExportKind.PartnerAnalyticsCsv, bot.Name, recipient.Id, PartnerId, null);

        await worker.DeliverAsync(csvRequest);
        await worker.DeliverAsync(csvRequest); // redelivered: nothing more is sent
        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.PartnerAnalyticsXlsx, bot.Name, recipient.Id, PartnerId, null));

        var documents = await DocumentsAsync(bot, recipient.Id, 2);
        var day = today.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        Assert.Equal($"analytics-{PartnerId}-{day}.csv", documents[0].Entry.Document!.FileName);
        Assert.Equal("Analytics for the last 90 days: 2 rows.", documents[0].Entry.Text);
        Assert.Equal(
        [
            "Date,Purchases,Revenue,Currency,Average check,Points accrued,Points redeemed,Clients,New clients",
            $"{Day(today, -2)},2,150.00,USD,75.00,7,0,2,1",
            $"{Day(today, -1)},1,30.00,USD,30.00,1,14,2,1",
        ], ExportFiles.CsvLines(documents[0].Content));
        Assert.Equal($"analytics-{PartnerId}-{day}.xlsx", documents[1].Entry.Document!.FileName);
        var cells = ExportFiles.XlsxCells(documents[1].Content);
        Assert.Equal("Date", cells["A1"].Value);
        Assert.Equal("New clients", cells["I1"].Value);
        Assert.Equal(today.AddDays(-2).ToOADate().ToString("R", CultureInfo.InvariantCulture), cells["A2"].Value);
        Assert.Equal(["2", "150.00", "USD", "75.00", "7", "0", "2", "1"], "BCDEFGHI".Select(c => cells[$"{c}2"].Value));
        Assert.Equal(["1", "30.00", "USD", "30.00", "1", "14", "2", "1"], "BCDEFGHI".Select(c => cells[$"{c}3"].Value));
        Assert.False(cells.ContainsKey("A4"));
    }

    [Fact]
    public async Task An_admin_export_of_100k_transactions_and_the_clients_list_arrive_whole()
    {
        var (worker, bot, admin) = await StartAsync(new() { ["Exports:PageSize"] = "7000" });
        await using var _ = worker;
        var (ann, bob) = (admin.Id + 1, admin.Id + 2);
        await SeedClientsAsync(worker, ann, bob);
        await ExecuteAsync(worker, $"UPDATE clients SET phone = '15550100', name = 'Bob \"the, builder\"' WHERE id = {bob}");
        await SeedTransactionsAsync(worker, ann, bob, 100_000);
        // Progress as Prometheus sees it: the rows counter, by kind (this class's tests run one at a time).
        var progress = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "LoyalityBot.Workers.Exports")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            progress.AddOrUpdate($"{instrument.Name}:{tags[0].Value}", value, (_, sum) => sum + value));
        listener.Start();

        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.AdminTransactionsCsv, bot.Name, admin.Id, null, null));
        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.AdminClientsCsv, bot.Name, admin.Id, null, null));

        Assert.Equal(100_000, progress["exports.rows:AdminTransactionsCsv"]);
        Assert.Equal(2, progress["exports.rows:AdminClientsCsv"]);
        Assert.Equal(1, progress["exports.completed:AdminTransactionsCsv"]);

        var documents = await DocumentsAsync(bot, admin.Id, 2);
        var lines = ExportFiles.CsvLines(documents[0].Content);
        Assert.Equal("Transactions: 100000 rows.", documents[0].Entry.Text);
        Assert.Equal(100_001, lines.Length);
        Assert.Equal("Id,Created at,Client,Partner,Kind,Points,Balance after,Purchase amount,Currency,Promotion,Related entry", lines[0]);
        Assert.Equal($"1,2026-01-01T00:00:01Z,{bob},{PartnerId},Accrual,2,1,1.25,USD,,", lines[1]);
        Assert.Equal($"100000,2026-01-02T03:46:40Z,{ann},{PartnerId},Accrual,1,100000,0.25,USD,,", lines[^1]);
        Assert.Equal(Enumerable.Range(1, 100_000).Select(i => i.ToString(CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]));
        Assert.Equal(
        [
            "Id,Name,Phone,Language,City,Source,Via partner,Referred by,Status,Registered at,Last visit at,Balance,Lifetime earned",
            $"{ann},Ann,,ru,,Direct,,,Active,2026-11-01T10:00:00Z,,,",
            $"{bob},\"Bob \"\"the, builder\"\"\",15550100,ru,,Direct,,,Active,2026-11-01T10:00:00Z,,,",
        ], ExportFiles.CsvLines(documents[1].Content));
    }

    [Fact]
    public async Task A_client_gets_their_own_data_as_json()
    {
        var (worker, bot, client) = await StartAsync();
        await using var _ = worker;
        await SeedClientsAsync(worker, client.Id);
        await ExecuteAsync(worker, $"""
            INSERT INTO point_accounts (client_id, balance, lifetime_earned, spent_that_day, updated_at) VALUES ({client.Id}, 95, 105, 0, now());
            INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, purchase_amount, purchase_currency, idempotency_key, created_at) VALUES
              ({client.Id}, 'WelcomeBonus', 100, 100, NULL, NULL, NULL, 'w', '2026-11-01 10:00Z'),
              ({client.Id}, 'Accrual', 5, 105, {PartnerId}, 100.00, 'USD', 'a', '2026-11-02 10:00Z'),
              ({client.Id}, 'Redemption', -10, 95, {PartnerId}, NULL, NULL, 'r', '2026-11-03 10:00Z');
            INSERT INTO nps_ratings (client_id, partner_id, rating, feedback, created_at) VALUES ({client.Id}, {PartnerId}, 9, 'Great "coffee"', '2026-11-02 11:00Z');
            INSERT INTO client_messages (client_id, partner_id, sender, kind, text, is_read, created_at) VALUES ({client.Id}, {PartnerId}, 'Client', 'Text', 'Привет', false, '2026-11-02 12:00Z');
            """);
        await WaitForReplicaAsync(worker, "SELECT count(*) FROM client_messages", 1);

        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.ClientDataJson, bot.Name, client.Id, null, client.Id));

        var document = (await DocumentsAsync(bot, client.Id, 1))[0];
        Assert.Equal("Your data: 5 rows.", document.Entry.Text);
        Assert.EndsWith(".json", document.Entry.Document!.FileName, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(document.Content);
        var root = json.RootElement;
        Assert.Equal(client.Id, root.GetProperty("client").GetProperty("id").GetInt64());
        Assert.Equal("Ann", root.GetProperty("client").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("client").GetProperty("lastVisitAt").ValueKind);
        Assert.Equal(95, root.GetProperty("account").GetProperty("balance").GetInt64());
        Assert.Equal(105, root.GetProperty("account").GetProperty("lifetimeEarned").GetInt64());
        Assert.Equal(["WelcomeBonus", "Accrual", "Redemption"], root.GetProperty("ledger").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(100.00m, root.GetProperty("ledger")[1].GetProperty("purchaseAmount").GetDecimal());
        Assert.Equal("Great \"coffee\"", root.GetProperty("npsRatings")[0].GetProperty("feedback").GetString());
        Assert.Equal("Привет", root.GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Contains("\"Привет\"", System.Text.Encoding.UTF8.GetString(document.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_export_larger_than_telegram_takes_is_sent_zipped()
    {
        var (worker, bot, admin) = await StartAsync(new() { ["Exports:MaxDocumentBytes"] = "60000" });
        await using var _ = worker;
        await SeedClientsAsync(worker, admin.Id + 1, admin.Id + 2);
        await SeedTransactionsAsync(worker, admin.Id + 1, admin.Id + 2, 2000);

        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.AdminTransactionsCsv, bot.Name, admin.Id, null, null));

        var (entry, content) = (await DocumentsAsync(bot, admin.Id, 1))[0];
        Assert.EndsWith(".csv.zip", entry.Document!.FileName, StringComparison.Ordinal);
        Assert.InRange(content.Length, 1, 60_000);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(content));
        using var csv = new MemoryStream();
        await using (var unzipped = zip.Entries.Single().Open())
        {
            await unzipped.CopyToAsync(csv, Ct);
        }
        Assert.Equal(entry.Document.FileName![..^4], zip.Entries.Single().Name);
        Assert.True(csv.Length > 60_000);
        Assert.Equal(2001, ExportFiles.CsvLines(csv.ToArray()).Length);
    }

    [Fact]
    public async Task An_export_too_large_even_zipped_is_explained_instead()
    {
        var (worker, bot, admin) = await StartAsync(new() { ["Exports:MaxDocumentBytes"] = "1000" });
        await using var _ = worker;
        await SeedClientsAsync(worker, admin.Id + 1, admin.Id + 2);
        await SeedTransactionsAsync(worker, admin.Id + 1, admin.Id + 2, 2000);

        await worker.DeliverAsync(new ExportRequestedIntegrationEvent(ExportKind.AdminTransactionsCsv, bot.Name, admin.Id, null, null));

        var notice = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, admin.Id, timeout: TimeSpan.FromSeconds(10), cancellationToken: Ct);
        Assert.Matches(@"^Transactions: 2000 rows, [\d.]+ MB even zipped, more than Telegram lets a bot send \(0 MB\)\.$", notice.Text);
        Assert.Empty(await DocumentsAsync(bot, admin.Id, 0));
    }

    /// <summary><paramref name="count"/> accruals at the partner, alternating between two clients, one second apart from 2026-01-01.</summary>
    private static async Task SeedTransactionsAsync(WorkersHost worker, long even, long odd, int count)
    {
        await ExecuteAsync(worker, $"""
            INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, purchase_amount, purchase_currency, idempotency_key, created_at)
            SELECT CASE WHEN g % 2 = 0 THEN {even} ELSE {odd} END, 'Accrual', 1 + g % 5, g, {PartnerId}, (g % 1000) + 0.25, 'USD', 'k' || g,
                   timestamptz '2026-01-01 00:00Z' + g * interval '1 second'
            FROM generate_series(1, {count}) g
            """);
        await WaitForReplicaAsync(worker, "SELECT count(*) FROM ledger_entries", count);
    }

    private async Task<(WorkersHost Worker, SandboxBot Bot, SandboxUser Recipient)> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var bot = await telegram.NewBotAsync();
        var recipient = (await telegram.UsersAsync(bot, 1))[0];
        var worker = await WorkersHost.CreateAsync(telegram, new Dictionary<string, SandboxBot> { ["Partner"] = bot }, settings, mediaRoot: true);
        await worker.WithDbAsync(async db =>
        {
            db.Partners.AddRange(
                new Partner { Id = PartnerId, Name = "Coffee", Category = "food", CreatedAt = DateTime.UtcNow },
                new Partner { Id = OtherPartnerId, Name = "Tea", Category = "food", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        return (worker, bot, recipient);
    }

    private static async Task SeedClientsAsync(WorkersHost worker, params long[] ids)
    {
        var names = new[] { "Ann", "Bob", "Cid" };
        await worker.WithDbAsync(async db =>
        {
            db.Clients.AddRange(ids.Select((id, i) => new Client
            {
                Id = id, Name = names[i], ReferralCode = $"r{id}", RegisteredAt = new DateTime(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc),
            }));
            await db.SaveChangesAsync(Ct);
        });
    }

    private static string Day(DateTime today, int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task ExecuteAsync(WorkersHost worker, string sql) => worker.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, Ct));

    /// <summary>Replication is asynchronous: wait until the replica the exports read has the seeded rows.</summary>
    private static async Task WaitForReplicaAsync(WorkersHost worker, string countSql, long expected)
    {
        await using var replica = NpgsqlDataSource.Create(worker.TestDatabase.ReadOnlyConnectionString);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using var command = replica.CreateCommand(countSql);
            if ((long)(await command.ExecuteScalarAsync(Ct))! >= expected)
            {
                return;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"The replica did not reach {expected} rows for: {countSql}");
    }

    /// <summary>The documents the bot sent the user (exactly <paramref name="count"/>), with their content.</summary>
    private async Task<(TranscriptEntry Entry, byte[] Content)[]> DocumentsAsync(SandboxBot bot, long userId, int count)
    {
        var documents = (await telegram.Sandbox.GetTranscriptAsync(bot.Name, userId, Ct)).Messages
            .Where(m => m.From == TranscriptEntry.FromBot && m.Document is not null).ToList();
        Assert.Equal(count, documents.Count);
        using var http = new HttpClient { BaseAddress = telegram.BaseAddress };
        var result = new List<(TranscriptEntry, byte[])>();
        foreach (var entry in documents)
        {
            result.Add((entry, await http.GetByteArrayAsync(new Uri(entry.Document!.Url, UriKind.Relative), Ct)));
        }
        return [.. result];
    }
}
