using LoyalityBot.Bots.Extensions;
using LoyalityBot.Bots.Pipeline;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Client;

/// <summary>The client bot: its name, its menu, and its handlers in the order they are tried.</summary>
internal static class ClientBot
{
    public const string Name = "client";

    public static IServiceCollection AddClientBot(this IServiceCollection services)
    {
        services.AddScoped<ClientSession>();
        services.AddHandler<ClientSessionHandler>(Name);
        services.AddHandler<ClientStartHandler>(Name);
        services.AddHandler<ClientHelpHandler>(Name);
        services.AddHandler<RegistrationHandler>(Name);
        services.AddHandler<ClientLanguageHandler>(Name);
        services.AddHandler<NpsHandler>(Name);
        services.AddHandler<BalanceHandler>(Name);
        services.AddHandler<CardHandler>(Name);
        services.AddHandler<HistoryHandler>(Name);
        services.AddHandler<PromotionsHandler>(Name);
        services.AddHandler<ServicesHandler>(Name);
        services.AddHandler<MessagePartnerHandler>(Name);
        services.AddHandler<ReferralHandler>(Name);
        return services;
    }

    public static ReplyKeyboardMarkup Menu(BotUpdate update) => Keyboards.Menu(update,
        ["client.menu.balance", "client.menu.card"],
        ["client.menu.history", "client.menu.promotions", "client.menu.services"],
        ["client.menu.message"],
        ["client.menu.referrals", "client.menu.language", "client.menu.help"]);

    /// <summary>True for the command or its menu button.</summary>
    public static bool Asks(BotUpdate update, string command, string button) => update.Command == command || update.IsButton(button);
}
