using System.Diagnostics;
using System.Text.Json;
using LoyalityBot.Messaging.IntegrationEvents;
using Npgsql;
using NpgsqlTypes;

namespace LoyalityBot.Messaging.Outbox;

/// <summary>
/// Writes integration events into the outbox inside the caller's transaction, e.g. from a ledger callback:
/// <c>(context, ct) =&gt; OutboxWriter.WriteAsync(context.Connection, context.Transaction, [new PointsAccrued…], ct)</c>.
/// The events exist exactly when the change commits; the relay publishes them afterwards.
/// </summary>
public static class OutboxWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async ValueTask WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        var current = Activity.Current;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var @event in events)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO integration_event_outbox (event_id, event_type_name, content, creation_time, trace_parent, trace_state, times_sent)
                VALUES ($1, $2, $3, $4, $5, $6, 0)
                """);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = @event.Id });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = @event.GetType().Name });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonSerializer.Serialize(@event, @event.GetType(), Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = @event.CreationDate });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)current?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)current?.TraceStateString ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
