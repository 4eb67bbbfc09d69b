using System.Globalization;
using LoyalityBot.Messaging.Scheduling;
using LoyalityBot.Workers.Notifications;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Jobs.Reactivation;

/// <summary>
/// Daily at 10:00 UTC (daytime for the clients): for every client–partner pair whose last visit (accrual) is at
/// least <see cref="ChurnRule"/>'s threshold ago and that got no offer within the cooldown, records the offer in
/// <c>reactivation_events</c> and sends it through the client bot: the partner's current promotion, if any, and
/// its booking or contact link. The record comes first and is conditional on the cooldown, so a re-run of the
/// occurrence (a replica died mid-run) sends no one a second offer; a crash between the record and the send loses
/// that one offer rather than repeating it. Blocked or suspended clients and partners are skipped, and so are partners who
/// opted out of reactivation offers (<c>partners.reactivation_opt_out</c>, switched in the partner bot's settings or the API).
/// </summary>
internal sealed partial class ChurnReactivationJob(
    NpgsqlDataSource dataSource, TelegramGateway telegram, IOptions<ReactivationOptions> options, IOptions<NotificationOptions> notifications,
    ILogger<ChurnReactivationJob> logger) : IScheduledJob
{
    public string Name => "churn-reactivation";
    public TimeSpan Period => TimeSpan.FromDays(1);
    public TimeSpan Offset => TimeSpan.FromHours(10);

    internal sealed record Candidate(long ClientId, long PartnerId, int DaysSinceLastVisit, string PartnerName, string? Link, long? PromotionId, string? PromotionTitle);

    public async Task RunAsync(DateTime dueAt, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var candidates = await ChurnedAsync(dueAt, settings, cancellationToken);
        var sent = 0;
        foreach (var candidate in candidates)
        {
            if (!await RecordAsync(candidate, dueAt, settings, cancellationToken))
            {
                continue;
            }
            var outcome = await telegram.SendTextAsync(notifications.Value.ClientBot, candidate.ClientId, Offer(candidate), cancellationToken);
            sent += outcome == SendOutcome.Sent ? 1 : 0;
        }
        LogDone(logger, candidates.Count, sent);
    }

    /// <summary>The pairs past their threshold and out of cooldown (the SQL narrows to MinDays; the rule decides).</summary>
    internal async Task<List<Candidate>> ChurnedAsync(DateTime now, ReactivationOptions settings, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH visits AS (
                SELECT client_id, partner_id, count(*)::int AS visits, min(created_at) AS first_at, max(created_at) AS last_at
                FROM ledger_entries
                WHERE kind = 'Accrual' AND partner_id IS NOT NULL AND created_at >= $1 - make_interval(days => $2)
                GROUP BY client_id, partner_id)
            SELECT v.client_id, v.partner_id, v.visits, v.first_at, v.last_at, p.name, coalesce(p.booking_url, p.contact_link), promo.id, promo.title
            FROM visits v
            JOIN partners p ON p.id = v.partner_id AND p.status = 'Active' AND NOT p.reactivation_opt_out
            JOIN clients c ON c.id = v.client_id AND c.status = 'Active'
            LEFT JOIN LATERAL (
                SELECT pr.id, pr.title FROM promotions pr
                WHERE pr.partner_id = v.partner_id AND pr.approval_status = 'Approved' AND pr.is_active AND $1::date BETWEEN pr.starts_on AND pr.ends_on
                ORDER BY pr.id LIMIT 1) promo ON true
            WHERE v.last_at <= $1 - make_interval(days => $3)
              AND NOT EXISTS (SELECT 1 FROM reactivation_events r
                              WHERE r.partner_id = v.partner_id AND r.client_id = v.client_id AND r.sent_at > $1 - make_interval(days => $4))
            ORDER BY v.client_id, v.partner_id
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.LookbackDays });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.MinDays });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.CooldownDays });
        var churned = new List<Candidate>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var lastVisit = reader.GetDateTime(4);
            var days = (int)(now - lastVisit).TotalDays;
            var average = ChurnRule.AverageIntervalDays(reader.GetInt32(2), reader.GetDateTime(3), lastVisit);
            if (ChurnRule.IsChurned(days, average, settings))
            {
                churned.Add(new Candidate(reader.GetInt64(0), reader.GetInt64(1), days, reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
            }
        }
        return churned;
    }

    /// <summary>Records the offer unless one is within the cooldown (checked again here, in the insert itself).</summary>
    private async Task<bool> RecordAsync(Candidate candidate, DateTime now, ReactivationOptions settings, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO reactivation_events (client_id, partner_id, days_since_last_visit, promotion_id, sent_at)
            SELECT $1, $2, $3, $4, $5
            WHERE NOT EXISTS (SELECT 1 FROM reactivation_events r
                              WHERE r.partner_id = $2 AND r.client_id = $1 AND r.sent_at > $5 - make_interval(days => $6))
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = candidate.ClientId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = candidate.PartnerId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = candidate.DaysSinceLastVisit });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)candidate.PromotionId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = settings.CooldownDays });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    internal static string Offer(Candidate candidate)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"We miss you at {candidate.PartnerName}! It has been {candidate.DaysSinceLastVisit} days since your last visit.");
        if (candidate.PromotionTitle is not null)
        {
            text += $"\nOn now: {candidate.PromotionTitle}.";
        }
        if (candidate.Link is not null)
        {
            text += $"\n{candidate.Link}";
        }
        return text;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Churn reactivation: {Churned} churned pairs, {Sent} offers sent")]
    private static partial void LogDone(ILogger logger, int churned, int sent);
}
