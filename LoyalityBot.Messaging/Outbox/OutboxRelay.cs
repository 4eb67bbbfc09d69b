using System.Text;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Messaging.Outbox;

/// <summary>
/// Publishes pending outbox rows. Each batch is one transaction: claim the oldest pending rows with
/// <c>FOR UPDATE SKIP LOCKED</c> (so other loops and relays in other replicas take other rows), publish them on
/// one confirm channel with every confirm outstanding at once, mark the confirmed ones sent, commit. A crash after
/// publishing but before the commit releases the rows unmarked, and they are published again: a redelivery, which
/// consumers absorb by event id. <c>Outbox:Loops</c> batches run side by side, so one publishes while another
/// waits for the database.
/// </summary>
public sealed partial class OutboxRelay(
    NpgsqlDataSource dataSource, RabbitMQEventBus bus, IOptions<OutboxOptions> options, ILogger<OutboxRelay> logger) : BackgroundService
{
    private readonly OutboxOptions settings = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.Loops).Select(_ => Task.Run(() => LoopAsync(stoppingToken), stoppingToken)));

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var backoff = settings.InitialBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (claimed, published) = await RelayBatchAsync(stoppingToken);
                if (claimed > 0 && published == 0)
                {
                    throw new InvalidOperationException($"None of {claimed} outbox events could be published.");
                }
                backoff = settings.InitialBackoff;
                if (claimed < settings.BatchSize)
                {
                    await Task.Delay(settings.PollInterval, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogBatchFailed(logger, ex, backoff);
                await Task.Delay(backoff, stoppingToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, settings.MaxBackoff.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Relays one batch; returns how many rows it claimed and how many the broker confirmed.</summary>
    public async Task<(int Claimed, int Published)> RelayBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var pending = await ClaimAsync(connection, transaction, cancellationToken);
        if (pending.Count == 0)
        {
            return (0, 0);
        }
        var errors = await bus.PublishBatchAsync(pending, cancellationToken);
        for (var i = 0; i < errors.Length; i++)
        {
            if (errors[i] is { } error)
            {
                LogPublishFailed(logger, error, pending[i].EventTypeName, pending[i].Id);
            }
        }
        var sent = pending.Where((_, i) => errors[i] is null).Select(e => e.Id).ToArray();
        await MarkAsync(connection, transaction, pending.Select(e => e.Id).ToArray(), sent, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        MessagingMetrics.Published.Add(sent.Length);
        return (pending.Count, sent.Length);
    }

    private async Task<List<EventEnvelope>> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT event_id, event_type_name, content::text, trace_parent, trace_state
            FROM integration_event_outbox
            WHERE sent_at IS NULL
            ORDER BY creation_time
            LIMIT $1
            FOR UPDATE SKIP LOCKED
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.BatchSize });
        var pending = new List<EventEnvelope>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            pending.Add(new EventEnvelope(
                reader.GetGuid(0),
                reader.GetString(1),
                Encoding.UTF8.GetBytes(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }
        return pending;
    }

    private static async Task MarkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] attempted, Guid[] sent, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            UPDATE integration_event_outbox
            SET times_sent = times_sent + 1,
                sent_at = CASE WHEN event_id = ANY($2) THEN now() END
            WHERE event_id = ANY($1)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = attempted });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = sent });
        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox batch failed; next try in {Backoff}")]
    private static partial void LogBatchFailed(ILogger logger, Exception ex, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {EventType} {EventId}; it stays in the outbox")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string eventType, Guid eventId);
}
