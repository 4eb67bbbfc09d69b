using LoyalityBot.Bots.Pipeline;
using Npgsql;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// Headline statistics, read on the replicas in one statement: active clients and partners, transactions (all time and
/// today, UTC), points issued (every credit) and redeemed (redemptions and promotion payments), and what waits for an
/// admin: partner applications and promotions/services in moderation.
/// </summary>
internal sealed class StatsHandler([FromKeyedServices(LoyaltyDataExtensions.ReadOnlyConnectionName)] NpgsqlDataSource replicas, TimeProvider time) : IUpdateHandler
{
    private const string Sql = """
        SELECT
            (SELECT count(*) FROM clients WHERE status = 'Active'),
            (SELECT count(*) FROM partners WHERE status = 'Active'),
            count(*),
            count(*) FILTER (WHERE created_at >= @today),
            coalesce(sum(amount) FILTER (WHERE amount > 0), 0)::bigint,
            coalesce(-sum(amount) FILTER (WHERE kind IN ('Redemption', 'PromotionPayment')), 0)::bigint,
            (SELECT count(*) FROM partner_applications WHERE status = 'Pending'),
            (SELECT count(*) FROM promotions WHERE approval_status = 'Pending' AND is_active),
            (SELECT count(*) FROM services WHERE approval_status = 'Pending' AND is_active)
        FROM ledger_entries
        """;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!AdminBot.Asks(update, "stats", "admin.menu.stats"))
        {
            return false;
        }
        await using var command = replicas.CreateCommand(Sql);
        command.Parameters.AddWithValue("today", time.GetUtcNow().UtcDateTime.Date);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var figures = Enumerable.Range(0, reader.FieldCount).Select(i => (object)reader.GetInt64(i)).ToArray();
        await update.ReplyAsync(update.T("admin.stats", figures), AdminBot.Menu(update), cancellationToken);
        return true;
    }
}
