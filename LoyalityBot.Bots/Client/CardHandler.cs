using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Domain.Cards;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// The personal QR card: a PNG of the partner bot's deep link <c>client_&lt;code&gt;</c>, so a partner's phone camera
/// opens the accrual flow for this client without decoding any image.
/// </summary>
internal sealed class CardHandler(ClientSession session, IOptions<BotsOptions> options) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!ClientBot.Asks(update, "card", "client.menu.card") || session.Client is not { } client)
        {
            return false;
        }
        var link = DeepLink.Create(options.Value.Username("partner"), $"client_{client.ReferralCode}");
        await update.ReplyPhotoAsync(QrCodePng.Render(link), update.T("client.card", client.ReferralCode), ClientBot.Menu(update), cancellationToken);
        return true;
    }
}
