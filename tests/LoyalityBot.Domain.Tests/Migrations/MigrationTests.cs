using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoyalityBot.Domain.Tests.Migrations;

public class MigrationTests
{
    private static readonly string[] Tables =
    [
        "broadcast_campaigns", "broadcast_recipients", "cities", "client_messages", "clients", "exchange_rates", "integration_event_outbox",
        "ledger_entries", "nps_ratings", "partner_applications", "partners", "point_accounts", "processed_integration_events",
        "promotion_services", "promotions", "reactivation_events", "referral_links", "scheduled_job_runs",
        "services",
    ];

    [Fact]
    public async Task Migrations_apply_to_an_empty_database_and_create_every_table()
    {
        await using var database = await LoyaltyTestDatabase.CreateAsync("migrate", migrate: false);
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        var ct = TestContext.Current.CancellationToken;
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync(ct));
        // The migration service's EF-free check agrees with EF: on a new database (no history table) and after.
        Assert.Equal(db.Database.GetMigrations(), MigrationHistory.Migrations);
        Assert.Equal(await db.Database.GetPendingMigrationsAsync(ct), await MigrationHistory.GetPendingAsync(database.Primary, ct));

        await db.Database.MigrateAsync(ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Empty(await MigrationHistory.GetPendingAsync(database.Primary, ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.Equal(Tables, await TablesAsync(database.Primary));
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures: add a migration");

        // Every Down works too: all the way back to empty, then up again.
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().SkipLast(1).Last(), cancellationToken: ct);
        Assert.Equal([db.Database.GetMigrations().Last()], await MigrationHistory.GetPendingAsync(database.Primary, ct));
        await migrator.MigrateAsync(Migration.InitialDatabase, cancellationToken: ct);
        Assert.Empty(await TablesAsync(database.Primary));
        await db.Database.MigrateAsync(ct);
        Assert.Equal(Tables, await TablesAsync(database.Primary));
    }

    [Fact]
    public async Task The_migration_service_migrates_and_exits_0_and_exits_1_when_it_cannot()
    {
        await using var database = await LoyaltyTestDatabase.CreateAsync("migrator", migrate: false);

        Assert.Equal(0, await MigrationServiceProcess.RunAsync(database.ConnectionString));
        Assert.Equal(Tables, await TablesAsync(database.Primary));
        Assert.Equal(0, await MigrationServiceProcess.RunAsync(database.ConnectionString)); // nothing pending: still fine

        var wrongPassword = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "wrong" }.ConnectionString;
        Assert.Equal(1, await MigrationServiceProcess.RunAsync(wrongPassword));
    }

    internal static async Task<string[]> TablesAsync(NpgsqlDataSource primary)
    {
        await using var command = primary.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'ef_migrations_history' ORDER BY 1");
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            tables.Add(reader.GetString(0));
        }
        return [.. tables];
    }
}
