using System.Diagnostics;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;
using Npgsql;
using NpgsqlTypes;

namespace LoyalityBot.Domain.Seeding;

/// <summary>
/// Fills a migrated, empty database with realistic data through binary COPY: cities and rates, partners with
/// their applications, services and promotions, clients in referral chains, and a ledger of welcome bonuses,
/// referral rewards, accruals (with upline shares) and redemptions whose balances add up exactly, plus NPS
/// ratings and messages. Entries are generated in id order per account, so every ledger invariant holds.
/// </summary>
public sealed class DemoDataGenerator(NpgsqlDataSource dataSource, LedgerOptions options, Action<string> progress)
{
    private static readonly (string Name, string Country, string Currency, decimal Rate)[] Cities =
    [
        ("New York", "US", "USD", 1m), ("Moscow", "RU", "RUB", 0.0125m), ("Nha Trang", "VN", "VND", 0.00004m),
        ("Almaty", "KZ", "KZT", 0.002m), ("Astana", "KZ", "KZT", 0.002m), ("Bishkek", "KG", "KGS", 0.0115m),
        ("Dubai", "AE", "AED", 0.27m), ("Online", "US", "USD", 1m),
    ];

    private static readonly string[] Categories =
        ["manicure", "massage", "yoga", "psychology", "hairdresser", "cafe", "restaurant", "fitness", "spa", "education"];

    private static readonly string[] FirstNames = ["Anna", "Ivan", "Maria", "Alexei", "Olga", "Dmitry", "Linh", "Aigerim", "Nurlan", "Sara"];

    // Completing a COPY checks every row's foreign keys and builds its index entries at once: far beyond the
    // 30 s command timeout at a million rows on a busy machine.
    private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(30);

    private readonly Stopwatch clock = new();

    public async Task GenerateAsync(SeedSize size, CancellationToken ct)
    {
        clock.Start();
        var random = new Random(size.RandomSeed);
        var now = DateTime.UtcNow;
        var start = now.AddDays(-365);

        await CopyCitiesAndRatesAsync(now, ct);
        var cashback = await CopyPartnersAsync(size, random, start, ct);
        var (serviceCount, promotionCount) = await CopyCatalogAsync(size, random, start, now, ct);
        var referrers = await CopyClientsAsync(size, random, start, ct);
        var uplines = await CopyReferralTreeAsync(referrers, start, ct);
        var (balances, earned) = await CopyLedgerAsync(size, random, cashback, uplines, start, now, ct);
        await CopyAccountsAsync(size, balances, earned, now, ct);
        await CopyRatingsAndMessagesAsync(size, random, start, ct);

        await ExecuteAsync("""
            SELECT setval(pg_get_serial_sequence('ledger_entries', 'id'), (SELECT max(id) FROM ledger_entries));
            SELECT setval(pg_get_serial_sequence('services', 'id'), (SELECT max(id) FROM services));
            SELECT setval(pg_get_serial_sequence('promotions', 'id'), (SELECT max(id) FROM promotions));
            SELECT setval(pg_get_serial_sequence('partner_applications', 'id'), (SELECT max(id) FROM partner_applications));
            SELECT setval(pg_get_serial_sequence('cities', 'id'), (SELECT max(id) FROM cities));
            """, ct);
        Report($"vacuuming and analyzing ({serviceCount} services, {promotionCount} promotions)");
        // VACUUM sets the visibility map after the bulk load, as autovacuum later would: index-only scans skip the heap.
        await ExecuteAsync("VACUUM (ANALYZE)", ct);
        Report("done");
    }

    private async Task CopyCitiesAndRatesAsync(DateTime now, CancellationToken ct)
    {
        await CopyAsync("cities (id, name, country_code, currency, is_available, created_at)", Cities.Length, async (writer, i) =>
        {
            var city = Cities[i];
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(i + 1, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(city.Name, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(city.Country, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(city.Currency, NpgsqlDbType.Char, ct);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        // The workers' rates job may have written today's rates already (a seed into a running stack): those stay.
        var rates = Cities.Where(c => c.Currency != options.BaseCurrency).DistinctBy(c => c.Currency).ToArray();
        await using var insertRates = dataSource.CreateCommand("""
            INSERT INTO exchange_rates (currency, rate_to_base, updated_at)
            SELECT * FROM unnest($1::char(3)[], $2::numeric[], $3::timestamptz[])
            ON CONFLICT (currency) DO NOTHING
            """);
        insertRates.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. rates.Select(r => r.Currency)] });
        insertRates.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = [.. rates.Select(r => r.Rate)] });
        insertRates.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [.. rates.Select(_ => now)] });
        await insertRates.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Partners and their approved applications; returns each partner's cashback percent.</summary>
    private async Task<decimal[]> CopyPartnersAsync(SeedSize size, Random random, DateTime start, CancellationToken ct)
    {
        var rows = Enumerable.Range(0, size.Partners).Select(i => (
            Category: Categories[random.Next(Categories.Length)],
            City: 1 + random.Next(Cities.Length),
            Cashback: 3m + random.Next(8),
            Created: start.AddMinutes(random.Next(60 * 24 * 30)))).ToArray();
        await CopyAsync("partner_applications (id, telegram_user_id, name, category, work_mode, city_id, status, created_at, decided_at)",
            rows.Length, async (writer, i) =>
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(SeedSize.FirstPartnerId + i, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync($"Partner {i + 1}", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].Category, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(nameof(WorkMode.Offline), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].City, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(nameof(ApplicationStatus.Approved), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].Created, NpgsqlDbType.TimestampTz, ct);
                await writer.WriteAsync(rows[i].Created.AddHours(3), NpgsqlDbType.TimestampTz, ct);
            }, ct);
        await CopyAsync("partners (id, application_id, name, category, city_id, work_mode, cashback_percent, allow_client_messages, status, created_at)",
            rows.Length, async (writer, i) =>
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(SeedSize.FirstPartnerId + i, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync($"Partner {i + 1}", NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].Category, NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].City, NpgsqlDbType.Integer, ct);
                await writer.WriteAsync(nameof(WorkMode.Offline), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].Cashback, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
                await writer.WriteAsync(nameof(PartnerStatus.Active), NpgsqlDbType.Varchar, ct);
                await writer.WriteAsync(rows[i].Created.AddHours(3), NpgsqlDbType.TimestampTz, ct);
            }, ct);
        Report($"{size.Partners} partners");
        return [.. rows.Select(r => r.Cashback)];
    }

    /// <summary>Three services and two promotions per partner, most approved, each promotion linked to one service.</summary>
    private async Task<(int Services, int Promotions)> CopyCatalogAsync(SeedSize size, Random random, DateTime start, DateTime now, CancellationToken ct)
    {
        var services = size.Partners * 3;
        await CopyAsync("services (id, partner_id, title, price_points, category, approval_status, is_active, created_at)", services, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstPartnerId + i / 3, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync($"Service {i + 1}", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(50 + random.Next(950), NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(Categories[random.Next(Categories.Length)], NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(Moderation(random), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(start.AddMinutes(i), NpgsqlDbType.TimestampTz, ct);
        }, ct);
        var promotions = size.Partners * 2;
        var today = DateOnly.FromDateTime(now);
        await CopyAsync("promotions (id, partner_id, title, type, starts_on, ends_on, price, currency, max_points_payment, point_value, " +
                        "tier_visibility, visibility_mode, approval_status, is_active, created_at)", promotions, async (writer, i) =>
        {
            var price = 20m + random.Next(180);
            await writer.StartRowAsync(ct);
            await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstPartnerId + i / 2, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync($"Promotion {i + 1}", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(nameof(PromotionType.PointsRedemption), NpgsqlDbType.Varchar, ct);
            var startsOn = today.AddDays(-random.Next(120));
            await writer.WriteAsync(startsOn, NpgsqlDbType.Date, ct);
            await writer.WriteAsync(startsOn.AddDays(10 + random.Next(150)), NpgsqlDbType.Date, ct); // some have ended
            await writer.WriteAsync(price, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync("USD", NpgsqlDbType.Char, ct);
            await writer.WriteAsync((long)(price / 2), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(1m, NpgsqlDbType.Numeric, ct);
            await writer.WriteAsync(nameof(TierVisibility.All), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(nameof(VisibilityMode.Public), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(Moderation(random), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(start.AddMinutes(i * 2), NpgsqlDbType.TimestampTz, ct);
        }, ct);
        await CopyAsync("promotion_services (promotion_id, service_id)", promotions, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync((long)(i / 2 * 3 + 1 + i % 2), NpgsqlDbType.Bigint, ct);
        }, ct);
        Report($"{services} services, {promotions} promotions");
        return (services, promotions);
    }

    private static string Moderation(Random random) => random.Next(10) switch
    {
        0 => nameof(ModerationStatus.Pending),
        1 => nameof(ModerationStatus.Rejected),
        _ => nameof(ModerationStatus.Approved),
    };

    /// <summary>Clients; a third came by a referral from an earlier client, a third through a partner. Returns each one's referrer index or -1.</summary>
    private async Task<int[]> CopyClientsAsync(SeedSize size, Random random, DateTime start, CancellationToken ct)
    {
        var referrers = new int[size.Clients];
        var span = (DateTime.UtcNow - start).TotalMinutes;
        await CopyAsync("clients (id, phone, name, city_id, language, registration_source, registered_via_partner_id, " +
                        "referred_by_client_id, referral_code, status, registered_at)", size.Clients, async (writer, i) =>
        {
            var kind = i == 0 ? 2 : random.Next(3);
            referrers[i] = kind == 0 ? random.Next(i) : -1;
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(SeedSize.FirstClientId + i, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync($"7{9_000_000_000L + i}", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync($"{FirstNames[i % FirstNames.Length]} {i}", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(1 + random.Next(Cities.Length), NpgsqlDbType.Integer, ct);
            await writer.WriteAsync("ru", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(kind switch { 0 => "Referral", 1 => "Partner", _ => "Direct" }, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, kind == 1 ? SeedSize.FirstPartnerId + random.Next(size.Partners) : null, ct);
            await WriteNullableAsync(writer, kind == 0 ? SeedSize.FirstClientId + referrers[i] : null, ct);
            await writer.WriteAsync($"S{i:X9}", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(nameof(ClientStatus.Active), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(start.AddMinutes(span * i / size.Clients), NpgsqlDbType.TimestampTz, ct);
        }, ct);
        Report($"{size.Clients} clients");
        return referrers;
    }

    /// <summary>Links of levels 1–3 from the referrer indexes; returns each client's uplines (level 1 first).</summary>
    private async Task<int[][]> CopyReferralTreeAsync(int[] referrers, DateTime start, CancellationToken ct)
    {
        var uplines = new int[referrers.Length][];
        for (var i = 0; i < referrers.Length; i++)
        {
            var chain = new List<int>(3);
            for (var up = referrers[i]; up >= 0 && chain.Count < ReferralRewards.MaxLevel; up = referrers[up])
            {
                chain.Add(up);
            }
            uplines[i] = [.. chain];
        }
        var links = uplines.SelectMany((chain, referee) => chain.Select((referrer, level) => (referrer, referee, level: level + 1))).ToArray();
        await CopyAsync("referral_links (referrer_id, referee_id, level, created_at)", links.Length, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(SeedSize.FirstClientId + links[i].referrer, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstClientId + links[i].referee, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync((short)links[i].level, NpgsqlDbType.Smallint, ct);
            await writer.WriteAsync(start, NpgsqlDbType.TimestampTz, ct);
        }, ct);
        Report($"{links.Length} referral links");
        return uplines;
    }

    /// <summary>
    /// Welcome bonuses and registration rewards, then the transactions: accruals (with upline shares) and
    /// redemptions no larger than the balance, all through the same rules the ledger service applies.
    /// </summary>
    private async Task<(long[] Balances, long[] Earned)> CopyLedgerAsync(
        SeedSize size, Random random, decimal[] cashback, int[][] uplines, DateTime start, DateTime now, CancellationToken ct)
    {
        var balances = new long[size.Clients];
        var earned = new long[size.Clients];
        long id = 0;
        // Each registration and each purchase is one event; the events spread evenly from start to now (so the last
        // 30 days hold a twelfth of the purchases) and an event's entries share its time.
        var tick = (now - start).Ticks / Math.Max(1, size.Clients + (long)size.Transactions);
        var at = start;

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY ledger_entries (id, client_id, kind, amount, balance_after, partner_id, purchase_amount, purchase_currency, " +
            "idempotency_key, related_client_id, created_at) FROM STDIN (FORMAT BINARY)", ct);
        writer.Timeout = CopyTimeout;

        async Task WriteAsync(int client, LedgerEntryKind kind, long amount, long? partner, decimal? purchase, int? relatedClient, bool earning)
        {
            balances[client] += amount;
            earned[client] += earning ? amount : 0;
            id++;
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(id, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstClientId + client, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(kind.ToString(), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(amount, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(balances[client], NpgsqlDbType.Bigint, ct);
            await WriteNullableAsync(writer, partner, ct);
            if (purchase is { } amountPaid)
            {
                await writer.WriteAsync(amountPaid, NpgsqlDbType.Numeric, ct);
                await writer.WriteAsync(options.BaseCurrency, NpgsqlDbType.Char, ct);
            }
            else
            {
                await writer.WriteNullAsync(ct);
                await writer.WriteNullAsync(ct);
            }
            await writer.WriteAsync($"seed:{id}", NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, relatedClient is { } related ? SeedSize.FirstClientId + related : null, ct);
            await writer.WriteAsync(at, NpgsqlDbType.TimestampTz, ct);
        }

        for (var c = 0; c < size.Clients; c++)
        {
            at = start.AddTicks(tick * c);
            await WriteAsync(c, LedgerEntryKind.WelcomeBonus, options.WelcomeBonus, null, null, null, true);
            for (var level = 1; level <= uplines[c].Length; level++)
            {
                await WriteAsync(uplines[c][level - 1], LedgerService.ReferralKind(level), ReferralRewards.Registration(level, options), null, null, c, true);
            }
        }
        Report($"{id} welcome and referral entries");

        for (var t = 0; t < size.Transactions; t++)
        {
            at = start.AddTicks(tick * (size.Clients + t));
            // A few regulars do most of the buying, as in real loyalty programs.
            var client = random.Next(4) == 0 ? random.Next(Math.Min(size.Clients, 1_000)) : random.Next(size.Clients);
            var partner = random.Next(size.Partners);
            var spend = 1 + random.Next(150);
            if (random.Next(10) < 3 && balances[client] >= spend)
            {
                await WriteAsync(client, LedgerEntryKind.Redemption, -spend, SeedSize.FirstPartnerId + partner, null, null, false);
            }
            else
            {
                var purchase = 5m + random.Next(50_000) / 100m;
                var points = Cashback.Points(purchase, cashback[partner], options);
                if (points == 0)
                {
                    continue;
                }
                await WriteAsync(client, LedgerEntryKind.Accrual, points, SeedSize.FirstPartnerId + partner, purchase, null, true);
                for (var level = 1; level <= uplines[client].Length; level++)
                {
                    var share = ReferralRewards.AccrualShare(level, points, options);
                    if (share > 0)
                    {
                        await WriteAsync(uplines[client][level - 1], LedgerService.ReferralKind(level), share, SeedSize.FirstPartnerId + partner, null, client, true);
                    }
                }
            }
            if ((t + 1) % 100_000 == 0)
            {
                Report($"{t + 1} of {size.Transactions} transactions ({id} entries)");
            }
        }
        await writer.CompleteAsync(ct);
        Report($"{id} ledger entries");
        return (balances, earned);
    }

    private async Task CopyAccountsAsync(SeedSize size, long[] balances, long[] earned, DateTime now, CancellationToken ct) =>
        await CopyAsync("point_accounts (client_id, balance, lifetime_earned, spent_that_day, updated_at)", size.Clients, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(SeedSize.FirstClientId + i, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(balances[i], NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(earned[i], NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(0L, NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
        }, ct);

    private async Task CopyRatingsAndMessagesAsync(SeedSize size, Random random, DateTime start, CancellationToken ct)
    {
        var ratings = size.Transactions / 10;
        await CopyAsync("nps_ratings (client_id, partner_id, rating, created_at)", ratings, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(SeedSize.FirstClientId + random.Next(size.Clients), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstPartnerId + random.Next(size.Partners), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync((short)Math.Min(10, 5 + random.Next(7)), NpgsqlDbType.Smallint, ct);
            await writer.WriteAsync(start.AddMinutes(i), NpgsqlDbType.TimestampTz, ct);
        }, ct);
        var messages = size.Transactions / 20;
        await CopyAsync("client_messages (client_id, partner_id, sender, kind, text, is_read, created_at)", messages, async (writer, i) =>
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(SeedSize.FirstClientId + random.Next(size.Clients), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(SeedSize.FirstPartnerId + random.Next(size.Partners), NpgsqlDbType.Bigint, ct);
            await writer.WriteAsync(random.Next(3) == 0 ? nameof(MessageSender.Partner) : nameof(MessageSender.Client), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(nameof(MessageKind.Text), NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(random.Next(2) == 0 ? "All great" : "Question", NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(random.Next(4) != 0, NpgsqlDbType.Boolean, ct);
            await writer.WriteAsync(start.AddMinutes(i), NpgsqlDbType.TimestampTz, ct);
        }, ct);
        Report($"{ratings} NPS ratings, {messages} messages");
    }

    private async Task CopyAsync(string target, int rows, Func<NpgsqlBinaryImporter, int, Task> writeRow, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        writer.Timeout = CopyTimeout;
        for (var i = 0; i < rows; i++)
        {
            await writeRow(writer, i);
        }
        await writer.CompleteAsync(ct);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, long? value, CancellationToken ct) =>
        value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Bigint, ct) : writer.WriteNullAsync(ct);

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private void Report(string message) => progress($"[seed {clock.Elapsed:mm\\:ss}] {message}");
}
