using LoyalityBot.Bots.Pipeline;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// <c>/start</c>, optionally with <c>partner_&lt;id&gt;</c> or <c>ref_&lt;code&gt;</c> from a deep link: a known client gets
/// the menu; a new one is asked to share their contact, and the payload is kept for their registration.
/// </summary>
internal sealed class ClientStartHandler(ClientSession session) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (update.Command != "start")
        {
            return false;
        }
        if (session.Client is { } client)
        {
            await update.ClearStateAsync();
            await update.ReplyAsync(update.T("client.welcome.back", client.Name), ClientBot.Menu(update), cancellationToken);
            return true;
        }
        var state = ConversationState.Of(RegistrationHandler.Step);
        if (update.CommandArgument is { } payload)
        {
            if (payload.StartsWith("partner_", StringComparison.Ordinal) && CallbackData.TryId(payload["partner_".Length..], out var partnerId))
            {
                state = state.With("partner", partnerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (payload.StartsWith("ref_", StringComparison.Ordinal) && payload.Length is > 4 and <= 40)
            {
                state = state.With("ref", payload[4..]);
            }
        }
        await update.SetStateAsync(state);
        await RegistrationHandler.AskContactAsync(update, "client.register", cancellationToken);
        return true;
    }
}

/// <summary><c>/help</c> or the Help button, for anyone.</summary>
internal sealed class ClientHelpHandler(ClientSession session) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!ClientBot.Asks(update, "help", "client.menu.help"))
        {
            return false;
        }
        ReplyMarkup? menu = session.Client is null ? null : ClientBot.Menu(update);
        await update.ReplyAsync(update.T("client.help"), menu, cancellationToken);
        return true;
    }
}
