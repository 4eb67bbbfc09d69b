using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Domain.Tests.Queries;

public class ReadPathTests(LedgerDatabaseFixture fixture) : IClassFixture<LedgerDatabaseFixture>
{
    private LoyaltyTestDatabase Db => fixture.Database;

    [Fact]
    public async Task The_readonly_path_reads_from_a_standby()
    {
        var replicas = Db.Services.GetRequiredKeyedService<NpgsqlDataSource>(LoyaltyDataExtensions.ReadOnlyConnectionName);
        await using var command = replicas.CreateCommand("SELECT pg_is_in_recovery()");
        Assert.True((bool)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    [Fact]
    public async Task Both_data_paths_report_healthy()
    {
        var report = await Db.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, report.Entries[LoyaltyDataExtensions.PrimaryConnectionName].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries[LoyaltyDataExtensions.ReadOnlyConnectionName].Status);
    }

    [Fact]
    public async Task A_write_on_the_primary_becomes_readable_through_the_readonly_context()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        var accrual = await Db.Ledger.AccrueAsync(new AccrualRequest(client, partner, 300m, "USD", Guid.NewGuid().ToString()));

        // The primary sees its own write at once (read-your-own-write) ...
        var primaryHistory = await Db.WithContextAsync(db => db.ClientHistoryAsync(client, PageRequest.First()));
        Assert.Equal(accrual.EntryId, primaryHistory.Items[0].Id);

        // ... the replica within its replication lag.
        await using var scope = Db.Services.CreateAsyncScope();
        var readOnly = scope.ServiceProvider.GetRequiredService<LoyaltyReadOnlyDbContext>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        Page<Model.LedgerEntry> replicaHistory;
        while ((replicaHistory = await readOnly.ClientHistoryAsync(client, PageRequest.First())).Items.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Equal(primaryHistory.Items.Select(e => e.Id), replicaHistory.Items.Select(e => e.Id));
        Assert.Equal(QueryTrackingBehavior.NoTracking, readOnly.ChangeTracker.QueryTrackingBehavior);
        await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pool_sizes_come_from_configuration_and_each_path_has_one_data_source()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var small = await LoyaltyTestDatabase.CreateAsync("pool", new Dictionary<string, string?>
        {
            ["LoyaltyData:MaxPoolSize"] = "3",
            ["LoyaltyData:DbContextPoolSize"] = "8",
        }, migrate: false);
        var primary = small.Services.GetRequiredService<NpgsqlDataSource>();
        var replicas = small.Services.GetRequiredKeyedService<NpgsqlDataSource>(LoyaltyDataExtensions.ReadOnlyConnectionName);
        Assert.Same(primary, small.Services.GetRequiredService<NpgsqlDataSource>());
        Assert.Same(replicas, small.Services.GetRequiredKeyedService<NpgsqlDataSource>(LoyaltyDataExtensions.ReadOnlyConnectionName));
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(replicas.ConnectionString).MaxPoolSize);

        // The primary's limit is real: with 3 connections out, a 4th waits until one comes back.
        var open = new List<NpgsqlConnection>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await primary.OpenConnectionAsync(ct));
        }
        using (var shortWait = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            shortWait.CancelAfter(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await primary.OpenConnectionAsync(shortWait.Token));
        }
        await open[0].DisposeAsync();
        open[0] = await primary.OpenConnectionAsync(ct);
        foreach (var connection in open)
        {
            await connection.DisposeAsync();
        }

        await using var scope = small.Services.CreateAsyncScope();
        Assert.Equal(8, scope.ServiceProvider.GetRequiredService<DbContextOptions<LoyaltyDbContext>>().FindExtension<CoreOptionsExtension>()!.MaxPoolSize);
        Assert.Equal(8, scope.ServiceProvider.GetRequiredService<DbContextOptions<LoyaltyReadOnlyDbContext>>().FindExtension<CoreOptionsExtension>()!.MaxPoolSize);
    }

    /// <summary>
    /// Both paths prepare a statement once it has run 5 times on a connection (Npgsql's auto-prepare, sized by
    /// <c>LoyaltyData:MaxAutoPrepare</c>), so Postgres stops parsing and planning it; 0 turns that off.
    /// </summary>
    [Theory]
    [InlineData(null, 1L)]
    [InlineData("0", 0L)]
    public async Task Repeated_statements_are_prepared_on_both_paths_unless_turned_off(string? maxAutoPrepare, long expectedPrepared)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await LoyaltyTestDatabase.CreateAsync("prepare",
            maxAutoPrepare is null ? null : new Dictionary<string, string?> { ["LoyaltyData:MaxAutoPrepare"] = maxAutoPrepare }, migrate: false);
        foreach (var path in new[] { database.Primary, database.Services.GetRequiredKeyedService<NpgsqlDataSource>(LoyaltyDataExtensions.ReadOnlyConnectionName) })
        {
            await using var connection = await path.OpenConnectionAsync(ct);
            for (var run = 0; run < 6; run++)
            {
                await using var repeated = new NpgsqlCommand("SELECT $1::int + 40 AS answer", connection) { Parameters = { new() { Value = run } } };
                Assert.Equal(run + 40, await repeated.ExecuteScalarAsync(ct));
            }
            await using var prepared = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%$1::int + 40 AS answer%'", connection);
            Assert.Equal(expectedPrepared, await prepared.ExecuteScalarAsync(ct));
        }
    }
}
