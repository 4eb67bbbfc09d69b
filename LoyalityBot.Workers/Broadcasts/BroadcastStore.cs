using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Model;
using Npgsql;

namespace LoyalityBot.Workers.Broadcasts;

/// <summary>The sender's reads and writes of <c>broadcast_campaigns</c> and <c>broadcast_recipients</c> on the primary.</summary>
public sealed class BroadcastStore(NpgsqlDataSource dataSource)
{
    public async Task<BroadcastCampaign?> FindAsync(long broadcastId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT initiator, initiated_by, partner_id, target, audience, city_id, category, text, status, recipient_count
            FROM broadcast_campaigns WHERE id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new BroadcastCampaign
        {
            Id = broadcastId,
            Initiator = Enum.Parse<BroadcastInitiator>(reader.GetString(0)),
            InitiatedBy = reader.GetInt64(1),
            PartnerId = reader.IsDBNull(2) ? null : reader.GetInt64(2),
            Target = Enum.Parse<BroadcastTarget>(reader.GetString(3)),
            Audience = reader.IsDBNull(4) ? null : Enum.Parse<BroadcastAudience>(reader.GetString(4)),
            CityId = reader.IsDBNull(5) ? null : reader.GetInt32(5),
            Category = reader.IsDBNull(6) ? null : reader.GetString(6),
            Text = reader.GetString(7),
            Status = Enum.Parse<BroadcastStatus>(reader.GetString(8)),
            RecipientCount = reader.GetInt32(9),
        };
    }

    /// <summary>
    /// Writes the recipient rows, once: a broadcast still Scheduled gets them and becomes Sending in the same
    /// transaction, so a crash either leaves no rows or all of them. Returns false if it was materialized before.
    /// </summary>
    public async Task<bool> MaterializeAsync(BroadcastCampaign campaign, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var status = new NpgsqlCommand("SELECT status FROM broadcast_campaigns WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            status.Parameters.Add(new NpgsqlParameter<long> { TypedValue = campaign.Id });
            if (await status.ExecuteScalarAsync(cancellationToken) as string != nameof(BroadcastStatus.Scheduled))
            {
                return false;
            }
        }
        var recipients = await BroadcastAudienceQuery.Of(campaign).MaterializeAsync(campaign.Id, connection, transaction, cancellationToken);
        await using (var start = new NpgsqlCommand(
            "UPDATE broadcast_campaigns SET status = 'Sending', recipient_count = $2, started_at = now() WHERE id = $1", connection, transaction))
        {
            start.Parameters.Add(new NpgsqlParameter<long> { TypedValue = campaign.Id });
            start.Parameters.Add(new NpgsqlParameter<int> { TypedValue = recipients });
            await start.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        campaign.RecipientCount = recipients;
        return true;
    }

    /// <summary>
    /// Recipients left Sending by a worker that died: their message may or may not have gone out. They go back to
    /// Pending and are sent again (the only duplicates a crash can cause). Returns how many.
    /// </summary>
    public async Task<int> ReleaseInDoubtAsync(long broadcastId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE broadcast_recipients SET status = 'Pending' WHERE broadcast_id = $1 AND status = 'Sending'");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The next keyset page of Pending recipients after <paramref name="afterChatId"/> that are due: never tried, or
    /// tried <c>attempts</c> times and waited <paramref name="backoff"/> × 2^(attempts − 1) since (index: the
    /// unfinished partial index).
    /// </summary>
    public async Task<List<long>> PendingPageAsync(long broadcastId, long afterChatId, int size, TimeSpan backoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT chat_id FROM broadcast_recipients
            WHERE broadcast_id = $1 AND status = 'Pending' AND chat_id > $2 AND {DueAt("$4")} <= now()
            ORDER BY chat_id LIMIT $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterChatId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = size });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = backoff });
        var page = new List<long>(size);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(reader.GetInt64(0));
        }
        return page;
    }

    /// <summary>How long until the next Pending recipient is due (zero if one is now), or null when none is left.</summary>
    public async Task<TimeSpan?> NextDueAsync(long broadcastId, TimeSpan backoff, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT min({DueAt("$2")}) - now() FROM broadcast_recipients WHERE broadcast_id = $1 AND status = 'Pending'
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = backoff });
        return await command.ExecuteScalarAsync(cancellationToken) is TimeSpan wait ? TimeSpan.FromTicks(Math.Max(0, wait.Ticks)) : null;
    }

    /// <summary>
    /// When a Pending recipient may be sent: at once if never tried; after a try (a transient failure, or in doubt
    /// after a crash) once the backoff <paramref name="backoff"/> × 2^(attempts − 1) has passed.
    /// </summary>
    private static string DueAt(string backoff) =>
        $"CASE WHEN attempts = 0 THEN now() ELSE attempted_at + {backoff}::interval * power(2, attempts - 1) END";

    /// <summary>
    /// Recounts the recipients into the campaign's counters; with <paramref name="finish"/> and none left open, marks
    /// it Completed. One statement, so the counters always match the rows.
    /// </summary>
    public async Task<BroadcastProgress> RecountAsync(long broadcastId, bool finish, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH c AS (
                SELECT count(*)::int AS total,
                       count(*) FILTER (WHERE status = 'Sent')::int AS sent,
                       count(*) FILTER (WHERE status = 'Failed')::int AS failed,
                       count(*) FILTER (WHERE status = 'Skipped')::int AS skipped,
                       count(*) FILTER (WHERE status IN ('Pending', 'Sending'))::int AS open
                FROM broadcast_recipients WHERE broadcast_id = $1)
            UPDATE broadcast_campaigns b
            SET sent_count = c.sent, failed_count = c.failed, skipped_count = c.skipped,
                status = CASE WHEN $2 AND c.open = 0 THEN 'Completed' ELSE b.status END,
                completed_at = CASE WHEN $2 AND c.open = 0 THEN now() ELSE b.completed_at END
            FROM c WHERE b.id = $1
            RETURNING c.total, c.sent, c.failed, c.skipped, c.open
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = broadcastId });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = finish });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new BroadcastProgress(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    /// <summary>A connection of one sending lane, with its two prepared marks.</summary>
    public async Task<RecipientMarks> OpenMarksAsync(long broadcastId, CancellationToken cancellationToken) =>
        await RecipientMarks.OpenAsync(dataSource, broadcastId, cancellationToken);
}
