using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Model;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// <c>/broadcast</c>: a message to the partner's own clients, carried out by the workers. The partner picks the
/// audience (<c>bca:&lt;audience&gt;</c>), types the text, sees how many clients it will reach and confirms
/// (<c>bcs</c>); <see cref="BroadcastService"/> enforces once per UTC day and at most 500 recipients, and its refusal
/// is told in plain words.
/// </summary>
internal sealed class BroadcastHandler(PartnerSession session, BroadcastService broadcasts) : IUpdateHandler
{
    public const string TextStep = "broadcast-text";
    public const string ConfirmStep = "broadcast-confirm";

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (PartnerBot.Asks(update, "broadcast", "partner.menu.broadcast"))
        {
            await update.ClearStateAsync();
            await update.ReplyAsync(update.T("partner.broadcast.audience"), Keyboards.Inline(
                [.. Enum.GetValues<BroadcastAudience>().Select(a => new[] { (update.T($"partner.broadcast.{a}"), $"bca:{a}") })]), cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "bca", out var chosen))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (chosen is not [var name] || !Enum.TryParse<BroadcastAudience>(name, out var audience) || !Enum.IsDefined(audience) || name != audience.ToString())
            {
                await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(TextStep).With("audience", audience.ToString()));
            await update.ReplyAsync(update.T("partner.broadcast.text"), cancellationToken: cancellationToken);
            return true;
        }
        if (update.CallbackData is "bcx")
        {
            await update.ClearStateAsync();
            await update.AnswerCallbackAsync(update.T("cancelled"), cancellationToken);
            return true;
        }
        if (update.CallbackData is "bcs")
        {
            await SendAsync(update, partner.Id, cancellationToken);
            return true;
        }
        if (update.Message is null || update.Command is not null || await update.GetStateAsync() is not { Step: TextStep } state)
        {
            return false;
        }
        if (await update.RequireTextAsync(BroadcastService.MaxTextLength, cancellationToken) is not { } text)
        {
            return true;
        }
        var recipients = await broadcasts.CountPartnerAudienceAsync(partner.Id, Enum.Parse<BroadcastAudience>(state["audience"]!), cancellationToken);
        if (recipients == 0)
        {
            await update.ClearStateAsync();
            await update.ReplyAsync(update.T("broadcast.NoRecipients"), PartnerBot.Menu(update), cancellationToken);
            return true;
        }
        await update.SetStateAsync(state.Next(ConfirmStep).With("text", text));
        await update.ReplyAsync(update.T("partner.broadcast.confirm", recipients, text), Keyboards.ConfirmOrCancel(update, "bcs", "bcx"), cancellationToken);
        return true;
    }

    private async Task SendAsync(BotUpdate update, long partnerId, CancellationToken cancellationToken)
    {
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        // Cleared first: a second press of Confirm finds nothing to send.
        var state = await update.GetStateAsync();
        await update.ClearStateAsync();
        if (state is not { Step: ConfirmStep } || state["text"] is not { } text || !Enum.TryParse<BroadcastAudience>(state["audience"], out var audience))
        {
            await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
            return;
        }
        var created = await broadcasts.CreatePartnerBroadcastAsync(new PartnerBroadcastRequest(partnerId, audience, text), cancellationToken);
        var reply = created.Status switch
        {
            BroadcastCreationStatus.Created => update.T("partner.broadcast.sent", created.BroadcastId!, created.Recipients),
            BroadcastCreationStatus.AlreadySentToday or BroadcastCreationStatus.NoRecipients or BroadcastCreationStatus.InvalidText
                or BroadcastCreationStatus.PartnerNotFound => update.T($"broadcast.{created.Status}"),
            _ => update.T("broadcast.Other", created.Status),
        };
        await update.ReplyAsync(reply, PartnerBot.Menu(update), cancellationToken);
    }
}
