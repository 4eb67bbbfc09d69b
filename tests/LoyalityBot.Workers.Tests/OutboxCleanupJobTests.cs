using LoyalityBot.Domain.Data;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Workers.Jobs;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

public sealed class OutboxCleanupJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cleanup_deletes_old_sent_events_and_old_processed_records_and_keeps_the_rest()
    {
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("cleanup", Ct);
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using (var db = new LoyaltyDbContext(LoyaltyDbContextOptions.For(dataSource)))
        {
            await db.Database.MigrateAsync(Ct);
        }
        var now = new DateTime(2026, 11, 24, 3, 0, 0, DateTimeKind.Utc);
        await using (var seed = dataSource.CreateBatch())
        {
            seed.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO integration_event_outbox (event_id, event_type_name, content, creation_time, times_sent, sent_at) VALUES
                  (gen_random_uuid(), 'Old', '{}', $1 - interval '8 days', 1, $1 - interval '8 days'),
                  (gen_random_uuid(), 'Recent', '{}', $1 - interval '1 day', 1, $1 - interval '1 day'),
                  (gen_random_uuid(), 'Pending', '{}', $1 - interval '9 days', 3, NULL)
                """) { Parameters = { new NpgsqlParameter<DateTime> { TypedValue = now } } });
            seed.BatchCommands.Add(new NpgsqlBatchCommand("""
                INSERT INTO processed_integration_events (event_id, consumer, processed_at) VALUES
                  (gen_random_uuid(), 'old', $1 - interval '31 days'), (gen_random_uuid(), 'recent', $1 - interval '29 days')
                """) { Parameters = { new NpgsqlParameter<DateTime> { TypedValue = now } } });
            await seed.ExecuteNonQueryAsync(Ct);
        }

        await new OutboxCleanupJob(dataSource).RunAsync(now, Ct);

        await using var outbox = dataSource.CreateCommand("SELECT string_agg(event_type_name, ',' ORDER BY event_type_name) FROM integration_event_outbox");
        await using var processed = dataSource.CreateCommand("SELECT string_agg(consumer, ',') FROM processed_integration_events");
        Assert.Equal("Pending,Recent", await outbox.ExecuteScalarAsync(Ct));
        Assert.Equal("recent", await processed.ExecuteScalarAsync(Ct));
    }
}
