using LoyalityBot.Domain.Model;
using Npgsql;
using NpgsqlTypes;

namespace LoyalityBot.Workers.Broadcasts;

/// <summary>
/// One sending lane's connection: marks a recipient Sending before its Telegram call (only if still Pending, so two
/// senders can never both claim it) and records the outcome after. Commits are asynchronous
/// (<c>synchronous_commit = off</c>): a worker crash loses nothing (the server has the rows); a database crash can lose
/// the last fraction of a second of marks, which only makes those recipients Pending or Sending again: a resend, never
/// a skip.
/// </summary>
public sealed class RecipientMarks : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlCommand claim;
    private readonly NpgsqlCommand finish;

    private RecipientMarks(NpgsqlConnection connection, long broadcastId)
    {
        this.connection = connection;
        claim = new NpgsqlCommand("""
            UPDATE broadcast_recipients SET status = 'Sending', attempts = attempts + 1, attempted_at = now()
            WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'Pending'
            """, connection);
        claim.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        claim.Parameters.Add(new NpgsqlParameter<long>());
        finish = new NpgsqlCommand("""
            UPDATE broadcast_recipients SET status = $3, sent_at = CASE WHEN $3 = 'Sent' THEN now() END, error = $4
            WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'Sending'
            """, connection);
        finish.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        finish.Parameters.Add(new NpgsqlParameter<long>());
        finish.Parameters.Add(new NpgsqlParameter<string>());
        finish.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, IsNullable = true });
    }

    internal static async Task<RecipientMarks> OpenAsync(NpgsqlDataSource dataSource, long broadcastId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var asynchronous = new NpgsqlCommand("SET synchronous_commit = off", connection))
            {
                await asynchronous.ExecuteNonQueryAsync(cancellationToken);
            }
            var marks = new RecipientMarks(connection, broadcastId);
            await marks.claim.PrepareAsync(cancellationToken);
            await marks.finish.PrepareAsync(cancellationToken);
            return marks;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True if this lane now owns the recipient; false if someone else already took or finished it.</summary>
    public async Task<bool> ClaimAsync(long chatId, CancellationToken cancellationToken)
    {
        ((NpgsqlParameter<long>)claim.Parameters[1]).TypedValue = chatId;
        return await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task FinishAsync(long chatId, BroadcastRecipientStatus status, string? error, CancellationToken cancellationToken)
    {
        ((NpgsqlParameter<long>)finish.Parameters[1]).TypedValue = chatId;
        ((NpgsqlParameter<string>)finish.Parameters[2]).TypedValue = status.ToString();
        finish.Parameters[3].Value = (object?)error ?? DBNull.Value;
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await claim.DisposeAsync();
        await finish.DisposeAsync();
        // Back in the pool, Npgsql resets the session, synchronous_commit included.
        await connection.DisposeAsync();
    }
}
