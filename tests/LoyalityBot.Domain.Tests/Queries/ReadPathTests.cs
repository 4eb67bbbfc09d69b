using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
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
}
