using LoyalityBot.Bots.Extensions;
using LoyalityBot.Bots.Pipeline;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Admin;

/// <summary>The <c>Admin</c> section: the Telegram ids allowed to use the admin bot (<c>Admin:TelegramIds:0</c>, …).</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public long[] TelegramIds { get; set; } = [];
}

/// <summary>The admin bot: only configured ids; its menu and handlers in the order they are tried.</summary>
internal static class AdminBot
{
    public const string Name = "admin";

    public static IServiceCollection AddAdminBot(this IServiceCollection services)
    {
        services.AddScoped<ModerationQueue>();
        services.AddHandler<AdminGateHandler>(Name);
        services.AddHandler<CancelHandler>(Name);
        services.AddHandler<AdminMenuHandler>(Name);
        services.AddHandler<ApplicationsHandler>(Name);
        services.AddHandler<ModerationHandler>(Name);
        services.AddHandler<StatsHandler>(Name);
        services.AddHandler<ExportHandler>(Name);
        services.AddHandler<BroadcastStatusHandler>(Name);
        // Last: its text step must not swallow a menu button pressed mid-flow.
        services.AddHandler<BroadcastHandler>(Name);
        return services;
    }

    public static ReplyKeyboardMarkup Menu(BotUpdate update) => Keyboards.Menu(update,
        ["admin.menu.applications", "admin.menu.moderation"],
        ["admin.menu.stats", "admin.menu.export"],
        ["admin.menu.broadcast", "admin.menu.broadcasts"]);

    public static bool Asks(BotUpdate update, string command, string button) => update.Command == command || update.IsButton(button);

    /// <summary>
    /// The reason typed for a rejection: non-empty text of at most <paramref name="maxLength"/> characters. Anything
    /// else (a photo, a long text) is answered and null returned, so the flow stays at its step.
    /// </summary>
    public static async Task<string?> ReadReasonAsync(BotUpdate update, int maxLength, CancellationToken cancellationToken)
    {
        if (update.Text is { Length: > 0 } reason && reason.Length <= maxLength)
        {
            return reason;
        }
        await update.ReplyAsync(update.T(update.Text is null ? "expect.text" : "too.long", maxLength), cancellationToken: cancellationToken);
        return null;
    }
}

/// <summary>First in line: anyone not configured as an admin is refused, whatever they send or press.</summary>
internal sealed class AdminGateHandler(IOptions<AdminOptions> options) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (options.Value.TelegramIds.Contains(update.UserId))
        {
            return false;
        }
        // A pressed (stale or forged) admin button is refused in the chat too, not only in a toast.
        await update.AnswerCallbackAsync(update.T("admin.denied"), cancellationToken);
        await update.ReplyAsync(update.T("admin.denied"), cancellationToken: cancellationToken);
        return true;
    }
}

/// <summary><c>/start</c> and <c>/help</c>: the menu.</summary>
internal sealed class AdminMenuHandler : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (update.Command is not ("start" or "help"))
        {
            return false;
        }
        await update.ClearStateAsync();
        await update.ReplyAsync(update.T(update.Command == "start" ? "admin.welcome" : "admin.help"), AdminBot.Menu(update), cancellationToken);
        return true;
    }
}
