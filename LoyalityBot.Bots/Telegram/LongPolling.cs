using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Coordination;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Telegram.Bot;

namespace LoyalityBot.Bots.Telegram;

/// <summary>
/// Polling mode (a developer's laptop with a real token): exactly one replica polls each bot, holding a Redis lease
/// it renews between polls; if it dies another takes over after the lease's TTL. An update is confirmed (the next
/// offset) only after the pipeline handled it, so a crash redelivers it and the de-duplication drops repeats.
/// </summary>
internal sealed partial class LongPolling(
    BotClients clients, UpdatePipeline pipeline, IConnectionMultiplexer redis, IOptions<BotsOptions> options, ILogger<LongPolling> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Mode != UpdateMode.Polling
            ? Task.CompletedTask
            : Task.WhenAll(BotsOptions.BotNames.Select(bot => PollAsync(bot, stoppingToken)));

    private async Task PollAsync(string bot, CancellationToken stoppingToken)
    {
        var lease = new RedisLeaderLease(redis, $"{clients.Identity(bot).KeyPrefix}:poller", LeaseTtl);
        var client = clients[bot];
        var leading = false;
        int? offset = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await lease.TryAcquireOrRenewAsync())
                {
                    leading = false;
                    await Task.Delay(LeaseTtl / 3, stoppingToken);
                    continue;
                }
                if (!leading)
                {
                    LogLeading(logger, bot);
                    await client.DeleteWebhook(cancellationToken: stoppingToken);
                    leading = true;
                }
                var updates = await client.GetUpdates(offset, limit: 100, timeout: 10, allowedUpdates: WebhookRegistration.AllowedUpdates, cancellationToken: stoppingToken);
                foreach (var update in updates)
                {
                    if (await pipeline.ProcessAsync(bot, update, stoppingToken) is UpdateOutcome.Busy or UpdateOutcome.Failed)
                    {
                        break; // not confirmed: the next poll gets it again
                    }
                    offset = update.Id + 1;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is HttpRequestException or RedisException or global::Telegram.Bot.Exceptions.RequestException)
            {
                LogPollFailed(logger, e, bot);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
        await lease.ReleaseAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This replica now polls bot {Bot}")]
    private static partial void LogLeading(ILogger logger, string bot);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling bot {Bot} failed; retrying")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string bot);
}
