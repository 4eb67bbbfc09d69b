using LoyalityBot.Bots.Extensions;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Partner;

/// <summary>The partner bot: its name, its menu, and its handlers in the order they are tried.</summary>
internal static class PartnerBot
{
    public const string Name = "partner";

    public static IServiceCollection AddPartnerBot(this IServiceCollection services)
    {
        services.AddScoped<PartnerSession>();
        services.AddHandler<PartnerSessionHandler>(Name);
        services.AddHandler<CancelHandler>(Name);
        services.AddHandler<PartnerHelpHandler>(Name);
        services.AddHandler<ApplicationHandler>(Name);
        services.AddHandler<PartnerStartHandler>(Name);
        services.AddHandler<PartnerGateHandler>(Name);
        services.AddHandler<PointsOperationHandler>(Name);
        services.AddHandler<PaymentConfirmationHandler>(Name);
        services.AddHandler<InviteHandler>(Name);
        services.AddHandler<ContentHandler>(Name);
        services.AddHandler<ContentFormHandler>(Name);
        services.AddHandler<AnalyticsHandler>(Name);
        services.AddHandler<SettingsHandler>(Name);
        services.AddHandler<BroadcastHandler>(Name);
        services.AddHandler<ReplyHandler>(Name);
        return services;
    }

    public static ReplyKeyboardMarkup Menu(BotUpdate update) => Keyboards.Menu(update,
        ["partner.menu.find", "partner.menu.invite"],
        ["partner.menu.promotions", "partner.menu.services"],
        ["partner.menu.analytics", "partner.menu.broadcast"],
        ["partner.menu.settings", "partner.menu.help"]);

    public static bool Asks(BotUpdate update, string command, string button) => update.Command == command || update.IsButton(button);
}

/// <summary>The partner behind the update (the owner's Telegram id is the partner id), or null.</summary>
internal sealed class PartnerSession
{
    public Domain.Model.Partner? Partner { get; set; }

    public bool IsActive => Partner is { Status: PartnerStatus.Active };
}

/// <summary>First in line: loads the partner. Never handles.</summary>
internal sealed class PartnerSessionHandler(PartnerSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        session.Partner = await db.Partners.AsNoTracking().SingleOrDefaultAsync(p => p.Id == update.UserId, cancellationToken);
        return false;
    }
}

/// <summary><c>/help</c> or the Help button.</summary>
internal sealed class PartnerHelpHandler(PartnerSession session) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!PartnerBot.Asks(update, "help", "partner.menu.help"))
        {
            return false;
        }
        await update.ReplyAsync(update.T("partner.help"), session.IsActive ? PartnerBot.Menu(update) : null, cancellationToken);
        return true;
    }
}

/// <summary>Everything below needs an active partner; anyone else is pointed at the application.</summary>
internal sealed class PartnerGateHandler(PartnerSession session) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.IsActive)
        {
            return false;
        }
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await update.ReplyAsync(update.T(session.Partner is null ? "partner.not.partner" : "partner.suspended"), cancellationToken: cancellationToken);
        return true;
    }
}
