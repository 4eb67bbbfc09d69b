using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Messages;

/// <summary>
/// Client–partner messages, for the API and the bots alike. A client may write to an active partner that accepts
/// messages (its toggle), at most 3 per hour (a Redis GCRA limit shared by every replica); a partner may reply to a
/// client who wrote to it. The row and its <see cref="ClientMessageSentIntegrationEvent"/> commit together, and the
/// workers deliver it through the other side's bot.
/// </summary>
public sealed class ClientMessageService(LoyaltyDbContext db, RedisRateLimiter limiter, TimeProvider time)
{
    public const int MaxTextLength = 2000;

    /// <summary>3 messages per hour per client, all at once if they like, then one every 20 minutes.</summary>
    public static readonly RateLimitPolicy ClientLimit = new("client-messages", 3, TimeSpan.FromHours(1));

    public async Task<ClientMessageResult> SendFromClientAsync(long clientId, long partnerId, string? text, CancellationToken ct)
    {
        if (!IsValidText(text))
        {
            return new(ClientMessageStatus.InvalidText);
        }
        var partner = await db.Partners.AsNoTracking().Where(p => p.Id == partnerId && p.Status == PartnerStatus.Active)
            .Select(p => new { p.AllowClientMessages }).SingleOrDefaultAsync(ct);
        if (partner is null)
        {
            return new(ClientMessageStatus.PartnerNotFound);
        }
        if (!partner.AllowClientMessages)
        {
            return new(ClientMessageStatus.PartnerClosed);
        }
        // Counted only for a message that will be sent: a refused one does not use up the client's hour.
        var decision = await limiter.AcquireAsync(ClientLimit, clientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!decision.Allowed)
        {
            return new(ClientMessageStatus.RateLimited, RetryAfter: decision.RetryAfter);
        }
        return await SaveAsync(clientId, partnerId, MessageSender.Client, text!, ct);
    }

    /// <summary>A partner's answer to a client who wrote to it (no one else: a partner cannot cold-message clients here).</summary>
    public async Task<ClientMessageResult> ReplyFromPartnerAsync(long partnerId, long clientId, string? text, CancellationToken ct)
    {
        if (!IsValidText(text))
        {
            return new(ClientMessageStatus.InvalidText);
        }
        if (!await HasConversationAsync(partnerId, clientId, ct))
        {
            return new(ClientMessageStatus.NoConversation);
        }
        return await SaveAsync(clientId, partnerId, MessageSender.Partner, text!, ct);
    }

    /// <summary>True when the client has written to the partner. Index: client_messages (partner_id, client_id, id).</summary>
    public Task<bool> HasConversationAsync(long partnerId, long clientId, CancellationToken ct) =>
        db.ClientMessages.AnyAsync(m => m.PartnerId == partnerId && m.ClientId == clientId && m.Sender == MessageSender.Client, ct);

    private async Task<ClientMessageResult> SaveAsync(long clientId, long partnerId, MessageSender sender, string text, CancellationToken ct)
    {
        var message = new ClientMessage
        {
            ClientId = clientId, PartnerId = partnerId, Sender = sender, Kind = MessageKind.Text,
            Text = text.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ClientMessages.Add(message);
        await db.SaveWithEventsAsync(() => [new ClientMessageSentIntegrationEvent(message.Id, clientId, partnerId, FromClient: sender == MessageSender.Client)], ct);
        return new(ClientMessageStatus.Sent, message.Id);
    }

    private static bool IsValidText(string? text) => !string.IsNullOrWhiteSpace(text) && text.Length <= MaxTextLength;
}
