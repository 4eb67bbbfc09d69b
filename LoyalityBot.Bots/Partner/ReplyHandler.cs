using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Messages;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// The Reply button under a client's message (<c>reply:&lt;clientId&gt;</c>, sent by the workers): the partner types
/// the answer, and <see cref="ClientMessageService"/> saves it with its event for the workers to deliver through the
/// client bot. Only a client who wrote to this partner can be answered.
/// </summary>
internal sealed class ReplyHandler(PartnerSession session, LoyaltyDbContext db, ClientMessageService messages) : IUpdateHandler
{
    public const string Step = "reply";

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (CallbackData.TryParse(update.CallbackData, "reply", out var parts))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            var name = parts is [var idText] && CallbackData.TryId(idText, out var clientId) && await messages.HasConversationAsync(partner.Id, clientId, cancellationToken)
                ? await db.Clients.AsNoTracking().Where(c => c.Id == clientId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken)
                : null;
            if (name is null)
            {
                await update.ReplyAsync(update.T("partner.reply.none"), cancellationToken: cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(Step).With("client", parts[0]).With("name", name));
            await update.ReplyAsync(update.T("partner.reply.ask", name), cancellationToken: cancellationToken);
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
        var sent = await messages.ReplyFromPartnerAsync(partner.Id, long.Parse(state["client"]!, System.Globalization.CultureInfo.InvariantCulture), text, cancellationToken);
        await update.ClearStateAsync();
        await update.ReplyAsync(update.T(sent.Sent ? "partner.reply.sent" : "partner.reply.none", state["name"] ?? ""), PartnerBot.Menu(update), cancellationToken);
        return true;
    }
}
