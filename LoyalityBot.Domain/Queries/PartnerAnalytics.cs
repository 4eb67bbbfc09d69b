using Npgsql;

namespace LoyalityBot.Domain.Queries;

/// <summary>The windows a partner's analytics cover.</summary>
public enum AnalyticsPeriod { Days7, Days30, Days90, AllTime }

/// <summary>
/// A partner's figures over a period. Revenue and the average check are in the purchases' own currencies summed
/// as recorded (a partner works in its city's currency). A client is new when their first accrual at the partner
/// falls in the period, returning when they had one before it. NPS = % promoters (9–10) − % detractors (0–6),
/// null without ratings.
/// </summary>
public sealed record PartnerAnalytics(
    AnalyticsPeriod Period, DateTime? Since, decimal Revenue, long Transactions, decimal AverageCheck,
    long NewClients, long ReturningClients, int? Nps, long NpsResponses, long PointsIssued, long PointsRedeemed)
{
    public static DateTime? Start(AnalyticsPeriod period, DateTime now) => period switch
    {
        AnalyticsPeriod.Days7 => now.AddDays(-7),
        AnalyticsPeriod.Days30 => now.AddDays(-30),
        AnalyticsPeriod.Days90 => now.AddDays(-90),
        _ => null,
    };

    /// <summary>
    /// One round trip on <paramref name="replicas"/> (analytics never need the caller's own last write). Indexes:
    /// ledger_entries (partner_id, created_at) covering client, kind and amounts, an index-only range scan for the
    /// period's entries and one for the partner's earlier accruals (hashed against the period's visitors: a lookup
    /// per visitor made a busy partner's query quadratic); nps_ratings (partner_id, id).
    /// </summary>
    public static async Task<PartnerAnalytics> ReadAsync(
        NpgsqlDataSource replicas, long partnerId, AnalyticsPeriod period, DateTime now, CancellationToken ct = default)
    {
        var since = Start(period, now);
        await using var command = CreateCommand(replicas, partnerId, since);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var revenue = reader.GetDecimal(0);
        var accruals = reader.GetInt64(2);
        var visitors = reader.GetInt64(3);
        var returning = reader.GetInt64(4);
        var responses = reader.GetInt64(5);
        int? nps = responses == 0 ? null : (int)Math.Round(100m * (reader.GetInt64(6) - reader.GetInt64(7)) / responses, MidpointRounding.AwayFromZero);
        return new PartnerAnalytics(
            period, since, revenue, reader.GetInt64(1), accruals == 0 ? 0 : Math.Round(revenue / accruals, 2),
            visitors - returning, returning, nps, responses, reader.GetInt64(8), reader.GetInt64(9));
    }

    /// <summary>The query <see cref="ReadAsync"/> runs (internal so that the query-plan test EXPLAINs exactly it).</summary>
    internal static NpgsqlCommand CreateCommand(NpgsqlDataSource dataSource, long partnerId, DateTime? since)
    {
        var command = dataSource.CreateCommand("""
                WITH period AS (
                    SELECT client_id, kind, amount, purchase_amount FROM ledger_entries
                    WHERE partner_id = $1 AND created_at >= coalesce($2, '-infinity'::timestamptz)
                      AND kind IN ('Accrual', 'Redemption', 'PromotionPayment')
                ), visitors AS (
                    -- From the table, not from period: the planner estimates these rows from the column's statistics
                    -- (from the CTE it guessed one visitor and chose a lookup per visitor).
                    SELECT DISTINCT client_id FROM ledger_entries
                    WHERE partner_id = $1 AND created_at >= coalesce($2, '-infinity'::timestamptz) AND kind = 'Accrual'
                ), returners AS (
                    SELECT count(*) AS n FROM visitors v
                    WHERE $2::timestamptz IS NOT NULL AND v.client_id IN (
                        SELECT e.client_id FROM ledger_entries e
                        WHERE e.partner_id = $1 AND e.created_at < $2 AND e.kind = 'Accrual')
                ), ratings AS (
                    SELECT count(*) AS n,
                           count(*) FILTER (WHERE rating >= 9) AS promoters,
                           count(*) FILTER (WHERE rating <= 6) AS detractors
                    FROM nps_ratings WHERE partner_id = $1 AND created_at >= coalesce($2, '-infinity'::timestamptz)
                )
                SELECT coalesce(sum(p.purchase_amount) FILTER (WHERE p.kind = 'Accrual'), 0),
                       count(*),
                       count(*) FILTER (WHERE p.kind = 'Accrual'),
                       (SELECT count(*) FROM visitors),
                       (SELECT n FROM returners),
                       (SELECT n FROM ratings), (SELECT promoters FROM ratings), (SELECT detractors FROM ratings),
                       coalesce(sum(p.amount) FILTER (WHERE p.kind = 'Accrual'), 0)::bigint,
                       coalesce(-sum(p.amount) FILTER (WHERE p.kind IN ('Redemption', 'PromotionPayment')), 0)::bigint
                FROM period p
                """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = partnerId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)since ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        return command;
    }
}
