using System.Security.Cryptography;
using System.Text;
using LoyalityBot.Coordination;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.Bots.Telegram;

/// <summary>
/// In webhook mode, points each bot's webhook at <c>{WebhookBaseUrl}/telegram/{bot}</c> with the secret token when the
/// service starts. One replica does it (a Redis lease), not every one of them.
/// </summary>
internal sealed partial class WebhookRegistration(
    BotClients clients, IConnectionMultiplexer redis, IOptions<BotsOptions> options, ILogger<WebhookRegistration> logger) : BackgroundService
{
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Mode != UpdateMode.Webhook || string.IsNullOrEmpty(settings.WebhookBaseUrl))
        {
            return;
        }
        foreach (var bot in BotsOptions.BotNames)
        {
            var url = $"{settings.WebhookBaseUrl.TrimEnd('/')}/telegram/{bot}";
            var lease = new RedisLeaderLease(redis, LeaseKey(clients.Identity(bot), url), TimeSpan.FromSeconds(30));
            if (!await lease.TryAcquireOrRenewAsync())
            {
                continue;
            }
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await clients[bot].SetWebhook(url, maxConnections: settings.WebhookMaxConnections, allowedUpdates: AllowedUpdates,
                        secretToken: settings.WebhookSecret, cancellationToken: stoppingToken);
                    LogWebhookSet(logger, bot, url);
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or global::Telegram.Bot.Exceptions.RequestException && attempt < 5)
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
            }
        }
    }

    /// <summary>
    /// One lease per bot identity (its key prefix) and address: another deployment on the same Redis with other bots,
    /// or this one moved to another URL, must still set its webhook.
    /// </summary>
    internal static string LeaseKey(BotIdentity identity, string url) =>
        $"{identity.KeyPrefix}:webhook:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(url)))[..16]}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook of bot {Bot} set to {Url}")]
    private static partial void LogWebhookSet(ILogger logger, string bot, string url);
}
