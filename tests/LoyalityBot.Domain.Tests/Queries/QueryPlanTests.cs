using System.Globalization;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Seeding;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.Domain.Tests.Queries;

/// <summary>Every hot query, EXPLAINed on a seeded database: none may scan a big table sequentially.</summary>
public class QueryPlanTests(LargeDatasetFixture fixture) : IClassFixture<LargeDatasetFixture>
{
    private const long Regular = SeedSize.FirstClientId + 3;   // one of the frequent buyers
    private const long Partner = SeedSize.FirstPartnerId + 7;
    private const long BigTableRows = 10_000;

    private static readonly Dictionary<string, Func<LoyaltyDbContext, Task>> HotQueries = new()
    {
        ["client_history"] = db => db.ClientHistoryAsync(Regular, PageRequest.First()),
        ["client_history_page_2"] = db => db.ClientHistoryAsync(Regular, PageRequest.Parse(new PageCursor(long.MaxValue / 2).Encode())),
        ["ledger_page_deep"] = db => db.LedgerAsync(PageRequest.Parse(new PageCursor(100_000).Encode())),
        ["client_balance"] = db => ClientBalance.ReadAsync(db, Regular),
        ["partner_transactions"] = db => db.PartnerTransactionsAsync(Partner, PageRequest.First()),
        ["published_promotions"] = db => db.PublishedPromotionsAsync(DateOnly.FromDateTime(DateTime.UtcNow), null, PageRequest.First()),
        ["published_promotions_in_city"] = db => db.PublishedPromotionsAsync(DateOnly.FromDateTime(DateTime.UtcNow), 2, PageRequest.First()),
        ["partner_promotions"] = db => db.PartnerPromotionsAsync(Partner, PageRequest.First()),
        ["services_by_category"] = db => db.ServicesByCategoryAsync("massage", PageRequest.First()),
        ["partner_services"] = db => db.PartnerServicesAsync(Partner, PageRequest.First()),
        ["partners_in_city"] = db => db.PartnersInCityAsync(1, null, PageRequest.First()),
        ["partners_in_city_by_category"] = db => db.PartnersInCityAsync(1, "yoga", PageRequest.First()),
        ["partner_clients"] = db => db.PartnerClientsAsync(Partner, PageRequest.First()),
        ["referrals"] = db => db.ReferralsAsync(SeedSize.FirstClientId + 1, 1, PageRequest.First()),
        ["conversation"] = db => db.ConversationAsync(Partner, Regular, PageRequest.First()),
        ["unread_messages"] = db => db.UnreadMessagesAsync(Partner, PageRequest.First()),
        ["partner_ratings"] = db => db.PartnerRatingsAsync(Partner, PageRequest.First()),
        ["pending_applications"] = db => db.ApplicationsAsync(ApplicationStatus.Pending, PageRequest.First()),
        // The Mini App's catalog (the API's /catalog lists), with and without its filters.
        ["catalog_promotions"] = db => db.CatalogPromotionsAsync(DateOnly.FromDateTime(DateTime.UtcNow), Tier.Bronze, null, null, PageRequest.First()),
        ["catalog_promotions_in_city_by_category"] = db => db.CatalogPromotionsAsync(DateOnly.FromDateTime(DateTime.UtcNow), Tier.Gold, 1, "yoga", PageRequest.First()),
        ["catalog_services"] = db => db.CatalogServicesAsync(null, null, PageRequest.First()),
        ["catalog_services_in_city_by_category"] = db => db.CatalogServicesAsync(1, "massage", PageRequest.First()),
        ["client_by_phone"] = db => db.Clients.AsNoTracking().Where(c => c.Phone == "79000000042").ToListAsync(),
        ["client_by_referral_code"] = db => db.Clients.AsNoTracking().Where(c => c.ReferralCode == "S00000002A").ToListAsync(),
    };

    public static TheoryData<string> QueryNames => [.. HotQueries.Keys];

    [Theory]
    [MemberData(nameof(QueryNames))]
    public async Task Hot_queries_use_indexes_on_big_tables(string query)
    {
        var capture = new CommandCapture();
        var options = new DbContextOptionsBuilder<LoyaltyDbContext>();
        options.UseLoyaltyDatabase(fixture.Database.Primary).AddInterceptors(capture);
        await using (var db = new LoyaltyDbContext(options.Options))
        {
            await HotQueries[query](db);
        }
        var (sql, parameters) = Assert.Single(capture.Commands);

        await AssertNoSequentialScanOfABigTableAsync(query, sql, parameters);
    }

    /// <summary>
    /// The partner cabinet's analytics (raw SQL, so not captured above) for each period: the partner's ledger entries
    /// and earlier accruals through the covering ledger_entries (partner_id, created_at), ratings through
    /// nps_ratings (partner_id, id); no big table read sequentially.
    /// </summary>
    /// <remarks>
    /// Npgsql prepares the statement (auto-prepare), and after five runs Postgres may keep a generic plan, made
    /// without the partner and the period's start: <paramref name="generic"/> checks that plan too.
    /// </remarks>
    [Theory]
    [InlineData(AnalyticsPeriod.Days7, false)]
    [InlineData(AnalyticsPeriod.Days30, false)]
    [InlineData(AnalyticsPeriod.Days90, false)]
    [InlineData(AnalyticsPeriod.AllTime, false)]
    [InlineData(AnalyticsPeriod.Days30, true)]
    [InlineData(AnalyticsPeriod.AllTime, true)]
    public async Task Partner_analytics_use_indexes(AnalyticsPeriod period, bool generic)
    {
        var since = PartnerAnalytics.Start(period, DateTime.UtcNow);
        await using var command = PartnerAnalytics.CreateCommand(fixture.Database.Primary, Partner, since);
        var plan = generic
            ? await ExplainGenericAsync(command.CommandText, "bigint, timestamptz",
                string.Create(CultureInfo.InvariantCulture, $"{Partner}, {(since is { } start ? $"'{start:O}'" : "NULL")}"))
            : await ExplainAsync(command.CommandText, [.. command.Parameters.Select(p => p.Clone())]);
        var bigTables = await BigTablesAsync();
        Assert.Contains("ledger_entries", bigTables);
        var scans = bigTables.Where(t => plan.Contains($"Seq Scan on {t} ", StringComparison.Ordinal)).ToList();
        Assert.True(scans.Count == 0, $"analytics ({period}) scans {string.Join(", ", scans)} sequentially:\n{plan}");
        // The period's entries (and, for a window, the earlier accruals) come from the covering index alone; no
        // lookup per visitor through a client's entries, which made a busy partner's analytics quadratic.
        Assert.True(plan.Contains("Index Only Scan using ix_ledger_entries_partner_id_created_at", StringComparison.Ordinal), plan);
        Assert.False(plan.Contains("ix_ledger_entries_client_id_id", StringComparison.Ordinal), plan);
        Assert.True(plan.Contains("ix_nps_ratings_partner_id_id", StringComparison.Ordinal), plan);
    }

    [Fact]
    public async Task The_ledgers_own_lookups_use_indexes()
    {
        foreach (var sql in new[]
                 {
                     "SELECT id, client_id, amount, balance_after, request_hash FROM ledger_entries WHERE idempotency_key = 'seed:4242'",
                     $"SELECT referrer_id FROM referral_links WHERE referee_id = {SeedSize.FirstClientId + 99} ORDER BY level",
                     $"SELECT count(*) FROM referral_links WHERE referrer_id = {SeedSize.FirstClientId + 1} AND level = 1",
                     $"SELECT idempotency_key FROM ledger_entries WHERE client_id = {Regular} AND kind = 'Achievement'",
                     $"SELECT balance FROM point_accounts WHERE client_id = {Regular}",
                 })
        {
            var plan = await ExplainAsync(sql, []);
            Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        }
    }

    private async Task AssertNoSequentialScanOfABigTableAsync(string query, string sql, NpgsqlParameter[] parameters)
    {
        var plan = await ExplainAsync(sql, parameters);
        var bigTables = await BigTablesAsync();
        Assert.True(bigTables.Count >= 5, "the seeded dataset has big tables");
        var scans = bigTables.Where(t => plan.Contains($"Seq Scan on {t} ", StringComparison.Ordinal)).ToList();
        Assert.True(scans.Count == 0, $"{query} scans {string.Join(", ", scans)} sequentially:\n{sql}\n{plan}");
    }

    private async Task<string> ExplainAsync(string sql, NpgsqlParameter[] parameters)
    {
        await using var command = fixture.Database.Primary.CreateCommand("EXPLAIN " + sql);
        command.Parameters.AddRange(parameters);
        return await ReadPlanAsync(command);
    }

    /// <summary>
    /// The plan Postgres keeps for <paramref name="sql"/> once it settles on a generic one (EXPLAIN EXECUTE takes
    /// literal <paramref name="arguments"/>: a utility statement has no bind parameters).
    /// </summary>
    private async Task<string> ExplainGenericAsync(string sql, string parameterTypes, string arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.Database.Primary.OpenConnectionAsync(ct);
        await using (var prepare = new NpgsqlCommand($"SET plan_cache_mode = force_generic_plan; PREPARE explained({parameterTypes}) AS {sql}", connection))
        {
            await prepare.ExecuteNonQueryAsync(ct);
        }
        try
        {
            await using var explain = new NpgsqlCommand($"EXPLAIN EXECUTE explained({arguments})", connection);
            return await ReadPlanAsync(explain);
        }
        finally
        {
            await using var reset = new NpgsqlCommand("DEALLOCATE explained; RESET plan_cache_mode", connection);
            await reset.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task<string> ReadPlanAsync(NpgsqlCommand explain)
    {
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join('\n', lines);
    }

    private async Task<List<string>> BigTablesAsync()
    {
        await using var command = fixture.Database.Primary.CreateCommand(
            $"SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND reltuples >= {BigTableRows}");
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }
}
