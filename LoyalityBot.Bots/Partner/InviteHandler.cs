using System.Globalization;
using LoyalityBot.Bots.Client;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Domain.Cards;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Bots.Partner;

/// <summary>The partner's invite: a client-bot link <c>partner_&lt;id&gt;</c> and its QR for the counter.</summary>
internal sealed class InviteHandler(PartnerSession session, IOptions<BotsOptions> options) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!PartnerBot.Asks(update, "invite", "partner.menu.invite") || session.Partner is not { } partner)
        {
            return false;
        }
        var link = DeepLink.Create(options.Value.Username(ClientBot.Name), $"partner_{partner.Id.ToString(CultureInfo.InvariantCulture)}");
        await update.ReplyPhotoAsync(QrCodePng.Render(link), update.T("partner.invite", link), PartnerBot.Menu(update), cancellationToken);
        return true;
    }
}
