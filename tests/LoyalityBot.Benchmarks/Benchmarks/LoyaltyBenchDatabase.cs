using System.Runtime.Versioning;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Domain.Seeding;
using LoyalityBot.Hosting.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// A fresh loyalty database on the PostgreSQL primary and replica the AppHost's own runner starts (durable
/// settings: fsync and synchronous commit on), wired with <c>AddLoyaltyData</c> as the services wire it.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class LoyaltyBenchDatabase : IAsyncDisposable
{
    private readonly IHost host;

    private LoyaltyBenchDatabase(IHost host, PostgresTestServer server, TestDatabase database) =>
        (this.host, Server, Database) = (host, server, database);

    public PostgresTestServer Server { get; }
    public TestDatabase Database { get; }
    public IServiceProvider Services => host.Services;
    public LedgerService Ledger => Services.GetRequiredService<LedgerService>();
    public NpgsqlDataSource Primary => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<LoyaltyBenchDatabase> CreateAsync(string prefix, int maxPoolSize, CancellationToken ct)
    {
        BenchmarkReport.Progress("starting PostgreSQL (primary + replica) through the AppHost's runner");
        var server = await TestServers.PostgresAsync();
        var database = await server.CreateDatabaseAsync(prefix, ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["LoyaltyData:MaxPoolSize"] = maxPoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddLoyaltyData();
        var bench = new LoyaltyBenchDatabase(builder.Build(), server, database);
        await using var scope = bench.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync(ct);
        return bench;
    }

    public Task SeedAsync(SeedSize size, CancellationToken ct) => SeedAsync(Primary, size, ct);

    /// <summary>
    /// The demo data, then a CHECKPOINT: the seed's dirty pages (~250 MB for 1,000,000 transactions) are written out
    /// now, not by a checkpoint in the middle of a measured run (an api run's accruals stalled for seconds at 21:01 on
    /// 2026-12-07, five minutes after its seed).
    /// </summary>
    public static async Task SeedAsync(NpgsqlDataSource primary, SeedSize size, CancellationToken ct)
    {
        await new DemoDataGenerator(primary, new LedgerOptions(), BenchmarkReport.Progress).GenerateAsync(size, ct);
        BenchmarkReport.Progress("checkpoint after the seed");
        await using var checkpoint = primary.CreateCommand("CHECKPOINT");
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
