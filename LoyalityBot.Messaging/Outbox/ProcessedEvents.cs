using Npgsql;

namespace LoyalityBot.Messaging.Outbox;

/// <summary>
/// The idempotent-consumer record: call <see cref="TryRecordAsync"/> first in the transaction that applies the
/// handler's effect. False means this consumer already handled the event (a redelivery): apply nothing.
/// A concurrent duplicate blocks on the key until the first commits, then sees it.
/// </summary>
public static class ProcessedEvents
{
    public static async Task<bool> TryRecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, string consumer, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO processed_integration_events (event_id, consumer, processed_at) VALUES ($1, $2, now())
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// For effects outside the database (a Telegram message): check first, act, then record. A crash between the
    /// act and the record repeats the act once on redelivery; nothing else does.
    /// </summary>
    public static async Task<bool> ContainsAsync(NpgsqlDataSource dataSource, Guid eventId, string consumer, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM processed_integration_events WHERE event_id = $1 AND consumer = $2)");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = eventId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public static async Task RecordAsync(NpgsqlDataSource dataSource, Guid eventId, string consumer, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await TryRecordAsync(connection, transaction, eventId, consumer, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
