using LoyalityBot.Domain.Model;
using Npgsql;
using NpgsqlTypes;

namespace LoyalityBot.Workers.Broadcasts;

/// <summary>
/// One sending lane's connection and marks. A recipient is claimed (Pending → Sending, only if still Pending, so two
/// senders can never both claim it) before its Telegram call; its outcome is recorded afterwards in the SAME round
/// trip as the next claim (one statement, two rows), and the lane calls Telegram only once that round trip is back.
/// So at any moment at most one recipient per lane has been sent without its outcome on the server: the only one a
/// crash can leave in doubt. <see cref="FlushAsync"/> records the last outcome when the lane ends.
/// Commits are asynchronous (<c>synchronous_commit = off</c>): a worker crash loses nothing (the server has the
/// rows); a database crash can lose the last fraction of a second of marks, which only makes those recipients
/// Pending or Sending again: a resend, never a skip.
/// </summary>
public sealed class RecipientMarks : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlCommand advance;
    private (long ChatId, BroadcastRecipientStatus Status, string? Error)? finished;

    private RecipientMarks(NpgsqlConnection connection, long broadcastId)
    {
        this.connection = connection;
        // $2..$4: the previous recipient's outcome (none: $2 NULL); $5: the recipient to claim next (none: NULL).
        advance = new NpgsqlCommand("""
            WITH done AS (
                UPDATE broadcast_recipients SET status = $3, sent_at = CASE WHEN $3 = 'Sent' THEN now() END, error = $4
                WHERE broadcast_id = $1 AND chat_id = $2 AND status = 'Sending')
            UPDATE broadcast_recipients SET status = 'Sending', attempts = attempts + 1, attempted_at = now()
            WHERE broadcast_id = $1 AND chat_id = $5 AND status = 'Pending'
            RETURNING attempts
            """, connection);
        advance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        advance.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, IsNullable = true });
        advance.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, IsNullable = true });
        advance.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, IsNullable = true });
        advance.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, IsNullable = true });
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
            await marks.advance.PrepareAsync(cancellationToken);
            return marks;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Records the outcome given to <see cref="Finish"/> (if any) and claims <paramref name="chatId"/>. Returns its
    /// attempts counting this one, or null if someone else already took or finished it.
    /// </summary>
    public async Task<int?> ClaimAsync(long chatId, CancellationToken cancellationToken) =>
        await AdvanceAsync(chatId, cancellationToken) is int attempts ? attempts : null;

    /// <summary>The claimed recipient's outcome; it is written with the next claim or by <see cref="FlushAsync"/>.</summary>
    public void Finish(long chatId, BroadcastRecipientStatus status, string? error) => finished = (chatId, status, error);

    /// <summary>Writes the last outcome, if one is waiting.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (finished is not null)
        {
            await AdvanceAsync(null, cancellationToken);
        }
    }

    private async Task<object?> AdvanceAsync(long? claim, CancellationToken cancellationToken)
    {
        advance.Parameters[1].Value = (object?)finished?.ChatId ?? DBNull.Value;
        advance.Parameters[2].Value = (object?)finished?.Status.ToString() ?? DBNull.Value;
        advance.Parameters[3].Value = (object?)finished?.Error ?? DBNull.Value;
        advance.Parameters[4].Value = (object?)claim ?? DBNull.Value;
        var result = await advance.ExecuteScalarAsync(cancellationToken);
        finished = null;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await advance.DisposeAsync();
        // Back in the pool, Npgsql resets the session, synchronous_commit included.
        await connection.DisposeAsync();
    }
}
