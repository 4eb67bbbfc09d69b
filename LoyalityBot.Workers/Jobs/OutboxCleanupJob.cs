using LoyalityBot.Messaging.Scheduling;
using Npgsql;

namespace LoyalityBot.Workers.Jobs;

/// <summary>
/// Daily at 03:00 UTC: deletes outbox rows sent more than 7 days ago and processed-event records older than 30
/// days (far beyond any redelivery: retries end in the dead-letter queue within minutes). Idempotent.
/// </summary>
internal sealed class OutboxCleanupJob(NpgsqlDataSource dataSource) : IScheduledJob
{
    public string Name => "outbox-cleanup";
    public TimeSpan Period => TimeSpan.FromDays(1);
    public TimeSpan Offset => TimeSpan.FromHours(3);

    public async Task RunAsync(DateTime dueAt, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM integration_event_outbox WHERE sent_at < $1")
        {
            Parameters = { new NpgsqlParameter<DateTime> { TypedValue = dueAt.AddDays(-7) } },
        });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM processed_integration_events WHERE processed_at < $1")
        {
            Parameters = { new NpgsqlParameter<DateTime> { TypedValue = dueAt.AddDays(-30) } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
