using System.Text;
using LoyalityBot.Domain.Model;
using Npgsql;

namespace LoyalityBot.Domain.Broadcasts;

/// <summary>
/// The recipients a broadcast selects, as one SQL query used both to count them when the broadcast is created and to
/// materialize them into <c>broadcast_recipients</c> when the worker starts it. Only active clients and partners.
/// </summary>
public sealed record BroadcastAudienceQuery(BroadcastTarget Target, long? PartnerId, BroadcastAudience? Audience, int? CityId, string? Category)
{
    /// <summary>A partner's broadcast reaches at most this many of its clients (the lowest ids).</summary>
    public const int MaxPartnerRecipients = 500;

    public const int MaxCategoryLength = 100;

    // A visit is an accrual or a redemption at the partner.
    private const string Visits = "e.kind IN ('Accrual', 'Redemption')";

    public static BroadcastAudienceQuery Of(BroadcastCampaign campaign) =>
        new(campaign.Target, campaign.PartnerId, campaign.Audience, campaign.CityId, campaign.Category);

    /// <summary>How many it selects now.</summary>
    public async Task<int> CountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT count(*)::int FROM ({ChatIds()}) AS audience", connection, transaction);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Writes the selection as Pending recipients of <paramref name="broadcastId"/>; returns how many.</summary>
    public async Task<int> MaterializeAsync(long broadcastId, NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Command($"""
            INSERT INTO broadcast_recipients (broadcast_id, chat_id, status, attempts)
            SELECT @broadcast, audience.id, 'Pending', 0 FROM ({ChatIds()}) AS audience
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        command.Parameters.AddWithValue("broadcast", broadcastId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string ChatIds()
    {
        var sql = new StringBuilder();
        if (PartnerId is not null)
        {
            var registered = "c.registered_via_partner_id = @partner";
            var visited = $"c.id IN (SELECT e.client_id FROM ledger_entries e WHERE e.partner_id = @partner AND {Visits})";
            sql.Append("SELECT c.id FROM clients c WHERE c.status = 'Active' AND ").Append(Audience switch
            {
                BroadcastAudience.Referrals => registered,
                BroadcastAudience.Visitors => visited,
                _ => $"({registered} OR {visited})",
            });
            return sql.Append(" ORDER BY c.id LIMIT ").Append(MaxPartnerRecipients).ToString();
        }
        if (Target == BroadcastTarget.Partners)
        {
            sql.Append("SELECT p.id FROM partners p WHERE p.status = 'Active'");
            sql.Append(CityId is null ? "" : " AND p.city_id = @city");
            sql.Append(Category is null ? "" : " AND p.category = @category");
            return sql.ToString();
        }
        sql.Append("SELECT c.id FROM clients c WHERE c.status = 'Active'");
        sql.Append(CityId is null ? "" : " AND c.city_id = @city");
        sql.Append(Category is null ? ""
            : $" AND c.id IN (SELECT e.client_id FROM ledger_entries e JOIN partners p ON p.id = e.partner_id WHERE p.category = @category AND {Visits})");
        return sql.ToString();
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (PartnerId is { } partner)
        {
            command.Parameters.AddWithValue("partner", partner);
        }
        if (CityId is { } city)
        {
            command.Parameters.AddWithValue("city", city);
        }
        if (Category is { } category)
        {
            command.Parameters.AddWithValue("category", category);
        }
        return command;
    }
}
