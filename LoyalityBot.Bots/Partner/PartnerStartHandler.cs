using LoyalityBot.Bots.Pipeline;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// <c>/start</c>: a partner gets the menu; a client's card link (<c>client_&lt;code&gt;</c>) opens that client and a
/// payment link (<c>pay_&lt;token&gt;</c>) the payment confirmation; anyone else learns how to apply.
/// </summary>
internal sealed class PartnerStartHandler(PartnerSession session, PointsOperationHandler points, PaymentConfirmationHandler payments) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (update.Command != "start")
        {
            return false;
        }
        await update.ClearStateAsync();
        if (session.Partner is not { } partner)
        {
            await update.ReplyAsync(update.T("partner.not.partner"), Keyboards.Menu(update, ["partner.menu.apply"]), cancellationToken);
            return true;
        }
        if (!session.IsActive)
        {
            await update.ReplyAsync(update.T("partner.suspended"), cancellationToken: cancellationToken);
            return true;
        }
        switch (update.CommandArgument)
        {
            case ['c', 'l', 'i', 'e', 'n', 't', '_', .. var code]:
                await points.ShowClientAsync(update, code, cancellationToken);
                break;
            case ['p', 'a', 'y', '_', .. var token]:
                await payments.OfferAsync(update, partner, token, cancellationToken);
                break;
            default:
                await update.ReplyAsync(update.T("partner.welcome", partner.Name), PartnerBot.Menu(update), cancellationToken);
                break;
        }
        return true;
    }
}
