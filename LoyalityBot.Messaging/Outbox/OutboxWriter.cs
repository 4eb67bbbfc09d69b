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
        // One statement for any number of events (arrays unnested into rows): one parse, one round trip.
        await using var command = new NpgsqlCommand("""
            INSERT INTO integration_event_outbox (event_id, event_type_name, content, creation_time, trace_parent, trace_state, times_sent)
            SELECT e.id, e.type, e.content::jsonb, e.created, $5, $6, 0
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS e (id, type, content, created)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = events.Select(e => e.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.GetType().Name).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => JsonSerializer.Serialize(e, e.GetType(), Json)).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = events.Select(e => e.CreationDate).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)current?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)current?.TraceStateString ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Varchar });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
