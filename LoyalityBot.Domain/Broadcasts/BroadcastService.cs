using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Npgsql;

namespace LoyalityBot.Domain.Broadcasts;

/// <summary>
/// Creates broadcasts for the bots and the API: validates the request and the limits (a partner: once per UTC day,
/// at most 500 recipients), then writes the <c>broadcast_campaigns</c> row and its
/// <see cref="BroadcastRequestedIntegrationEvent"/> in one transaction, so the workers send exactly the broadcasts
/// that exist. Sending is the workers' (LoyalityBot.Workers, Broadcasts).
/// </summary>
public sealed class BroadcastService(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const int MaxTextLength = 4096;

    public async Task<BroadcastCreation> CreatePartnerBroadcastAsync(PartnerBroadcastRequest request, CancellationToken cancellationToken = default)
    {
        if (!IsValidText(request.Text))
        {
            return new(BroadcastCreationStatus.InvalidText);
        }
        if (!Enum.IsDefined(request.Audience))
        {
            return new(BroadcastCreationStatus.InvalidAudience);
        }
        var audience = new BroadcastAudienceQuery(BroadcastTarget.Clients, request.PartnerId, request.Audience, null, null);
        var campaign = new BroadcastCampaign
        {
            Initiator = BroadcastInitiator.Partner,
            InitiatedBy = request.PartnerId,
            PartnerId = request.PartnerId,
            Target = BroadcastTarget.Clients,
            Audience = request.Audience,
            Text = request.Text,
        };
        return await CreateAsync(campaign, audience, async (connection, transaction, ct) =>
        {
            await using var partner = new NpgsqlCommand("SELECT status FROM partners WHERE id = @partner", connection, transaction);
            partner.Parameters.AddWithValue("partner", request.PartnerId);
            return await partner.ExecuteScalarAsync(ct) as string == nameof(PartnerStatus.Active) ? null : BroadcastCreationStatus.PartnerNotFound;
        }, dryRun: false, cancellationToken);
    }

    /// <summary>How many clients a partner's broadcast to <paramref name="audience"/> would reach now (at most 500), for a confirmation.</summary>
    public async Task<int> CountPartnerAudienceAsync(long partnerId, BroadcastAudience audience, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        return await new BroadcastAudienceQuery(BroadcastTarget.Clients, partnerId, audience, null, null).CountAsync(connection, transaction, cancellationToken);
    }

    public Task<BroadcastCreation> CreateAdminBroadcastAsync(AdminBroadcastRequest request, CancellationToken cancellationToken = default) =>
        AdminBroadcastAsync(request, dryRun: false, cancellationToken);

    /// <summary>
    /// What <see cref="CreateAdminBroadcastAsync"/> would answer now, with nothing written: the same checks, and on
    /// success <see cref="BroadcastCreationStatus.Created"/> with the recipient count and no id (the admin bot's
    /// confirmation step shows that count before anything is sent).
    /// </summary>
    public Task<BroadcastCreation> PreviewAdminBroadcastAsync(AdminBroadcastRequest request, CancellationToken cancellationToken = default) =>
        AdminBroadcastAsync(request, dryRun: true, cancellationToken);

    private async Task<BroadcastCreation> AdminBroadcastAsync(AdminBroadcastRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        if (!IsValidText(request.Text))
        {
            return new(BroadcastCreationStatus.InvalidText);
        }
        if (!Enum.IsDefined(request.Target))
        {
            return new(BroadcastCreationStatus.InvalidAudience);
        }
        var category = request.Category?.Trim();
        if (request.Category is not null && (category!.Length == 0 || category.Length > BroadcastAudienceQuery.MaxCategoryLength))
        {
            return new(BroadcastCreationStatus.InvalidCategory);
        }
        var audience = new BroadcastAudienceQuery(request.Target, null, null, request.CityId, category);
        var campaign = new BroadcastCampaign
        {
            Initiator = BroadcastInitiator.Admin,
            InitiatedBy = request.AdminId,
            Target = request.Target,
            CityId = request.CityId,
            Category = category,
            Text = request.Text,
        };
        return await CreateAsync(campaign, audience, async (connection, transaction, ct) =>
        {
            if (request.CityId is not { } city)
            {
                return null;
            }
            await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM cities WHERE id = @city)", connection, transaction);
            exists.Parameters.AddWithValue("city", city);
            return (bool)(await exists.ExecuteScalarAsync(ct))! ? null : BroadcastCreationStatus.UnknownCity;
        }, dryRun, cancellationToken);
    }

    private async Task<BroadcastCreation> CreateAsync(BroadcastCampaign campaign, BroadcastAudienceQuery audience,
        Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<BroadcastCreationStatus?>> check, bool dryRun, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await check(connection, transaction, cancellationToken) is { } refused)
        {
            return new(refused);
        }
        var recipients = await audience.CountAsync(connection, transaction, cancellationToken);
        if (recipients == 0)
        {
            return new(BroadcastCreationStatus.NoRecipients);
        }
        if (dryRun)
        {
            return new(BroadcastCreationStatus.Created, null, recipients);
        }
        // The unique (partner_id, sent_on) index decides "once per day", also between two concurrent requests.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO broadcast_campaigns (initiator, initiated_by, partner_id, target, audience, city_id, category, text, sent_on,
                recipient_count, sent_count, failed_count, skipped_count, status, created_at)
            VALUES (@initiator, @initiated_by, @partner, @target, @audience, @city, @category, @text, @sent_on, 0, 0, 0, 0, 'Scheduled', @now)
            ON CONFLICT (partner_id, sent_on) DO NOTHING
            RETURNING id
            """, connection, transaction);
        insert.Parameters.AddWithValue("initiator", campaign.Initiator.ToString());
        insert.Parameters.AddWithValue("initiated_by", campaign.InitiatedBy);
        insert.Parameters.AddWithValue("partner", (object?)campaign.PartnerId ?? DBNull.Value);
        insert.Parameters.AddWithValue("target", campaign.Target.ToString());
        insert.Parameters.AddWithValue("audience", (object?)campaign.Audience?.ToString() ?? DBNull.Value);
        insert.Parameters.AddWithValue("city", (object?)campaign.CityId ?? DBNull.Value);
        insert.Parameters.AddWithValue("category", (object?)campaign.Category ?? DBNull.Value);
        insert.Parameters.AddWithValue("text", campaign.Text);
        insert.Parameters.AddWithValue("sent_on", DateOnly.FromDateTime(now));
        insert.Parameters.AddWithValue("now", now);
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            return new(BroadcastCreationStatus.AlreadySentToday);
        }
        await OutboxWriter.WriteAsync(connection, transaction, [new BroadcastRequestedIntegrationEvent(id)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new(BroadcastCreationStatus.Created, id, recipients);
    }

    private static bool IsValidText(string? text) => !string.IsNullOrWhiteSpace(text) && text.Length <= MaxTextLength;
}
