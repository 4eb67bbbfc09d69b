using System.Diagnostics;
using System.Runtime.Versioning;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// p50/p95/p99 of each hot list query on the replicas' read path at 1,000,000 transactions (100,000 clients,
/// 1,000 partners), and keyset against OFFSET pagination at pages 1, 100 and 10,000 of the whole ledger.
/// Options: --clients N --partners N --transactions N --iterations N.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class QueriesBenchmark : IBenchmark
{
    private const long Regular = SeedSize.FirstClientId + 3;
    private const long Partner = SeedSize.FirstPartnerId + 7;

    public string Name => "queries";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var size = new SeedSize(BenchmarkOptions.Int(args, "clients", 100_000), BenchmarkOptions.Int(args, "partners", 1_000), BenchmarkOptions.Int(args, "transactions", 1_000_000));
        var iterations = BenchmarkOptions.Int(args, "iterations", 300);
        await using var bench = await LoyaltyBenchDatabase.CreateAsync("benchqueries", maxPoolSize: 16, cancellationToken);
        await bench.SeedAsync(size, cancellationToken);
        await using var scope = bench.Services.CreateAsyncScope();
        var replica = scope.ServiceProvider.GetRequiredService<LoyaltyReadOnlyDbContext>();
        await WaitForReplicaAsync(bench, replica, cancellationToken);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var queries = new Dictionary<string, Func<LoyaltyDbContext, Task>>
        {
            ["client_history"] = db => db.ClientHistoryAsync(Regular, PageRequest.First(), cancellationToken),
            ["partner_transactions"] = db => db.PartnerTransactionsAsync(Partner, PageRequest.First(), cancellationToken),
            ["published_promotions"] = db => db.PublishedPromotionsAsync(today, null, PageRequest.First(), cancellationToken),
            ["published_promotions_in_city"] = db => db.PublishedPromotionsAsync(today, 2, PageRequest.First(), cancellationToken),
            ["partner_promotions"] = db => db.PartnerPromotionsAsync(Partner, PageRequest.First(), cancellationToken),
            ["services_by_category"] = db => db.ServicesByCategoryAsync("massage", PageRequest.First(), cancellationToken),
            ["partner_services"] = db => db.PartnerServicesAsync(Partner, PageRequest.First(), cancellationToken),
            ["partners_in_city"] = db => db.PartnersInCityAsync(1, "yoga", PageRequest.First(), cancellationToken),
            ["partner_clients"] = db => db.PartnerClientsAsync(Partner, PageRequest.First(), cancellationToken),
            ["referrals"] = db => db.ReferralsAsync(SeedSize.FirstClientId + 1, 1, PageRequest.First(), cancellationToken),
            ["conversation"] = db => db.ConversationAsync(Partner, Regular, PageRequest.First(), cancellationToken),
            ["unread_messages"] = db => db.UnreadMessagesAsync(Partner, PageRequest.First(), cancellationToken),
            ["partner_ratings"] = db => db.PartnerRatingsAsync(Partner, PageRequest.First(), cancellationToken),
            ["pending_applications"] = db => db.ApplicationsAsync(ApplicationStatus.Pending, PageRequest.First(), cancellationToken),
            ["catalog_promotions"] = db => db.CatalogPromotionsAsync(today, Tier.Bronze, null, null, PageRequest.First(), cancellationToken),
            ["catalog_promotions_in_city_by_category"] = db => db.CatalogPromotionsAsync(today, Tier.Gold, 1, "yoga", PageRequest.First(), cancellationToken),
            ["catalog_services"] = db => db.CatalogServicesAsync(null, null, PageRequest.First(), cancellationToken),
            ["catalog_services_in_city_by_category"] = db => db.CatalogServicesAsync(1, "massage", PageRequest.First(), cancellationToken),
        };
        var worst = 0.0;
        foreach (var (name, query) in queries)
        {
            var latencies = await MeasureAsync(() => query(replica), iterations);
            worst = Math.Max(worst, Percentile(latencies, 0.95));
            Report(name, latencies);
        }

        foreach (var page in new[] { 1, 100, 10_000 })
        {
            // The cursor for page N comes from the row before it (setup, not timed), as a client walking there would hold it.
            var after = page == 1 ? (PageRequest?)null : PageRequest.Parse(new PageCursor(await replica.LedgerEntries
                .OrderByDescending(e => e.Id).Skip((page - 1) * PageRequest.DefaultSize - 1).Select(e => e.Id).FirstAsync(cancellationToken)).Encode());
            Report($"keyset_page_{page}", await MeasureAsync(() => replica.LedgerAsync(after ?? PageRequest.First(), cancellationToken), iterations));
            Report($"offset_page_{page}", await MeasureAsync(() => replica.LedgerEntries.AsNoTracking().OrderByDescending(e => e.Id)
                .Skip((page - 1) * PageRequest.DefaultSize).Take(PageRequest.DefaultSize).ToListAsync(cancellationToken), Math.Max(20, iterations / 10)));
        }
        BenchmarkReport.Figure("list_query_p95_ms", worst, "ms");
    }

    private static async Task<double[]> MeasureAsync(Func<Task> query, int iterations)
    {
        for (var i = 0; i < 10; i++)
        {
            await query(); // warm caches and EF's compiled query cache
        }
        var latencies = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await query();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return latencies;
    }

    private static void Report(string name, double[] sorted)
    {
        BenchmarkReport.Figure($"{name}_p50_ms", Percentile(sorted, 0.50), "ms");
        BenchmarkReport.Figure($"{name}_p95_ms", Percentile(sorted, 0.95), "ms");
        BenchmarkReport.Figure($"{name}_p99_ms", Percentile(sorted, 0.99), "ms");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>
    /// Measures the steady state a live database is in, not the minutes after a bulk load: VACUUM (ANALYZE) does the
    /// visibility-map, hint-bit and statistics work that autovacuum would otherwise do while the queries are timed,
    /// then the wait lets the asynchronous replica replay everything up to here (the queries read from it).
    /// </summary>
    private static async Task WaitForReplicaAsync(LoyaltyBenchDatabase bench, LoyaltyReadOnlyDbContext replica, CancellationToken cancellationToken)
    {
        BenchmarkReport.Progress("VACUUM (ANALYZE) after the bulk load");
        await using (var vacuum = bench.Primary.CreateCommand("VACUUM (ANALYZE)"))
        {
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var position = bench.Primary.CreateCommand("SELECT pg_current_wal_lsn()::text");
        var primaryLsn = (string)(await position.ExecuteScalarAsync(cancellationToken))!;
        while (!await replica.Database.SqlQuery<bool>($"SELECT pg_last_wal_replay_lsn() >= {primaryLsn}::pg_lsn AS \"Value\"").SingleAsync(cancellationToken))
        {
            BenchmarkReport.Progress($"waiting for the replica to replay up to {primaryLsn}");
            await Task.Delay(1_000, cancellationToken);
        }
    }
}
