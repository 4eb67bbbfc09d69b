using System.Text.RegularExpressions;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

// getUpdates, setWebhook, deleteWebhook, getWebhookInfo.
public sealed partial class BotMethods
{
    private const int DefaultMaxConnections = 40;
    private const int MaxConnectionsLimit = 100;
    private const int MaxPollSeconds = 50;

    private async ValueTask<BotResult> GetUpdatesAsync(BotState bot, BotRequest request, CancellationToken cancellationToken)
    {
        var updates = await bot.Updates.GetUpdatesAsync(
            request.Int32("offset") ?? 0,
            Math.Clamp(request.Int32("limit") ?? 100, 1, 100),
            TimeSpan.FromSeconds(Math.Clamp(request.Int32("timeout") ?? 0, 0, MaxPollSeconds)),
            AllowedUpdates(request),
            cancellationToken);
        return BotResult.Of(updates);
    }

    private BotResult SetWebhook(BotState bot, BotRequest request)
    {
        var url = request.String("url");
        var drop = request.Boolean("drop_pending_updates");
        if (string.IsNullOrEmpty(url))
        {
            return DeleteWebhook(bot, drop);
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw BotApiException.BadRequest("bad webhook: An HTTPS URL must be provided for webhook");
        }
        var secret = request.String("secret_token");
        if (secret is not null && !SecretToken().IsMatch(secret))
        {
            throw BotApiException.BadRequest("secret token contains unallowed characters");
        }
        var settings = new WebhookSettings(uri, secret, Math.Clamp(request.Int32("max_connections") ?? DefaultMaxConnections, 1, MaxConnectionsLimit), AllowedUpdates(request));
        var changed = bot.Updates.SetWebhook(settings, drop,
            s => new WebhookDispatcher(s, _sender, _options.Webhook, bot.Counters, bot.Latency, bot.Updates.RecordWebhookError));
        return BotResult.Of(true, changed ? "Webhook was set" : "Webhook is already set");
    }

    private static BotResult DeleteWebhook(BotState bot, BotRequest request) => DeleteWebhook(bot, request.Boolean("drop_pending_updates"));

    private static BotResult DeleteWebhook(BotState bot, bool dropPendingUpdates) =>
        BotResult.Of(true, bot.Updates.DeleteWebhook(dropPendingUpdates) ? "Webhook was deleted" : "Webhook is already deleted");

    private static BotResult GetWebhookInfo(BotState bot, BotRequest request) => BotResult.Of(bot.Updates.GetWebhookInfo());

    private static string[]? AllowedUpdates(BotRequest request) =>
        request.Object<string[]>("allowed_updates", "can't parse allowed_updates JSON object");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretToken();
}
