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

    /// <summary>The query (parameters: the partner, the period's start or null); the query-plan tests EXPLAIN it.</summary>
    internal const string Sql = """
            WITH period AS (
                SELECT client_id, kind, amount, purchase_amount FROM ledger_entries
                WHERE partner_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)
                  AND kind IN ('Accrual', 'Redemption', 'PromotionPayment')
            ), visitors AS (
                SELECT DISTINCT client_id FROM period WHERE kind = 'Accrual'
            ), returners AS (
                SELECT count(*) AS n FROM visitors v
                WHERE $2::timestamptz IS NOT NULL AND EXISTS (
                    SELECT 1 FROM ledger_entries e
                    WHERE e.client_id = v.client_id AND e.partner_id = $1 AND e.kind = 'Accrual' AND e.created_at < $2)
            ), ratings AS (
                SELECT count(*) AS n,
                       count(*) FILTER (WHERE rating >= 9) AS promoters,
                       count(*) FILTER (WHERE rating <= 6) AS detractors
                FROM nps_ratings WHERE partner_id = $1 AND ($2::timestamptz IS NULL OR created_at >= $2)
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
            """;

    internal static NpgsqlParameter[] Parameters(long partnerId, DateTime? since) =>
    [
        new NpgsqlParameter<long> { TypedValue = partnerId },
        new NpgsqlParameter { Value = (object?)since ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz },
    ];

    /// <summary>
    /// One round trip on <paramref name="replicas"/> (analytics never need the caller's own last write). Indexes:
    /// ledger_entries (partner_id, id) for the period's entries, ledger_entries (client_id, id) for each client's
    /// earlier visit, nps_ratings (partner_id, id).
    /// </summary>
    public static async Task<PartnerAnalytics> ReadAsync(
        NpgsqlDataSource replicas, long partnerId, AnalyticsPeriod period, DateTime now, CancellationToken ct = default)
    {
        var since = Start(period, now);
        await using var command = replicas.CreateCommand(Sql);
        command.Parameters.AddRange(Parameters(partnerId, since));
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
}
