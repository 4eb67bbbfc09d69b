using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Messages;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// <c>/message</c>: the client writes to a partner they have visited (<c>mp:&lt;partnerId&gt;</c>), with a quick text
/// (<c>mq:&lt;partnerId&gt;:&lt;n&gt;</c>) or their own. <see cref="ClientMessageService"/> refuses a partner whose
/// client-message toggle is off and more than 3 messages an hour (Redis, shared by every replica); the message goes to
/// the partner bot through the outbox and the workers, with a Reply button.
/// </summary>
internal sealed class MessagePartnerHandler(ClientSession session, LoyaltyDbContext db, ClientMessageService messages) : IUpdateHandler
{
    public const string Step = "message-partner";
    public const int MaxPartners = 10;
    public const int QuickTexts = 3;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (ClientBot.Asks(update, "message", "client.menu.message"))
        {
            await update.ClearStateAsync();
            await ChooseAsync(update, client.Id, cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "mp", out var chosen))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (await VisitedPartnerAsync(client.Id, chosen is [var id] ? id : "", cancellationToken) is not { } partner)
            {
                await update.ReplyAsync(update.T("client.message.unknown"), cancellationToken: cancellationToken);
                return true;
            }
            if (!partner.AllowClientMessages)
            {
                await update.ReplyAsync(update.T("client.message.closed", partner.Name), cancellationToken: cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(Step).With("partner", chosen[0]));
            await update.ReplyAsync(update.T("client.message.ask", partner.Name), Keyboards.Inline(
                [.. Enumerable.Range(0, QuickTexts).Select(n => new[] { (update.T($"client.message.quick.{n}"), $"mq:{chosen[0]}:{n}") })]), cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "mq", out var quick))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (quick is not [var partnerId, [var digit]] || digit is < '0' or >= (char)('0' + QuickTexts))
            {
                await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
                return true;
            }
            await SendAsync(update, client.Id, partnerId, update.T($"client.message.quick.{digit}"), cancellationToken);
            return true;
        }
        if (update.Message is null || update.Command is not null || await update.GetStateAsync() is not { Step: Step } state)
        {
            return false;
        }
        if (await update.RequireTextAsync(ClientMessageService.MaxTextLength, cancellationToken) is not { } text)
        {
            return true;
        }
        await SendAsync(update, client.Id, state["partner"] ?? "", text, cancellationToken);
        return true;
    }

    private async Task ChooseAsync(BotUpdate update, long clientId, CancellationToken cancellationToken)
    {
        // The client's latest visits (index: ledger_entries (client_id, id)), newest partner first.
        var recent = await db.LedgerEntries.AsNoTracking().Where(e => e.ClientId == clientId && e.PartnerId != null
                && (e.Kind == LedgerEntryKind.Accrual || e.Kind == LedgerEntryKind.Redemption || e.Kind == LedgerEntryKind.PromotionPayment))
            .OrderByDescending(e => e.Id).Select(e => e.PartnerId!.Value).Take(200).ToListAsync(cancellationToken);
        var ids = recent.Distinct().Take(MaxPartners).ToList();
        var names = await db.Partners.AsNoTracking().Where(p => ids.Contains(p.Id) && p.Status == PartnerStatus.Active)
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var rows = ids.Where(names.ContainsKey).Select(id => new[] { (RegistrationHandler.Truncate(names[id], 60), $"mp:{id.ToString(CultureInfo.InvariantCulture)}") }).ToArray();
        if (rows.Length == 0)
        {
            await update.ReplyAsync(update.T("client.message.none"), ClientBot.Menu(update), cancellationToken);
            return;
        }
        await update.ReplyAsync(update.T("client.message.choose"), Keyboards.Inline(rows), cancellationToken);
    }

    private async Task SendAsync(BotUpdate update, long clientId, string partnerText, string text, CancellationToken cancellationToken)
    {
        if (await VisitedPartnerAsync(clientId, partnerText, cancellationToken) is not { } partner)
        {
            await update.ReplyAsync(update.T("client.message.unknown"), cancellationToken: cancellationToken);
            return;
        }
        var result = await messages.SendFromClientAsync(clientId, partner.Id, text, cancellationToken);
        if (result.Status != ClientMessageStatus.RateLimited)
        {
            await update.ClearStateAsync();
        }
        var reply = result.Status switch
        {
            ClientMessageStatus.Sent => update.T("client.message.sent", partner.Name),
            ClientMessageStatus.PartnerClosed => update.T("client.message.closed", partner.Name),
            ClientMessageStatus.RateLimited => update.T("client.message.limit", Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalMinutes))),
            ClientMessageStatus.InvalidText => update.T("too.long", ClientMessageService.MaxTextLength),
            _ => update.T("client.message.unknown"),
        };
        await update.ReplyAsync(reply, ClientBot.Menu(update), cancellationToken);
    }

    /// <summary>An active partner the client has visited, from an id that came in callback data or the state (may be forged).</summary>
    private async Task<Domain.Model.Partner?> VisitedPartnerAsync(long clientId, string idText, CancellationToken cancellationToken)
    {
        if (!CallbackData.TryId(idText, out var partnerId)
            || !await db.LedgerEntries.AnyAsync(e => e.ClientId == clientId && e.PartnerId == partnerId, cancellationToken))
        {
            return null;
        }
        return await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == partnerId && p.Status == PartnerStatus.Active, cancellationToken);
    }
}
