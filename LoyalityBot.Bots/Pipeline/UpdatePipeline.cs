using System.Diagnostics;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Coordination;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// Handles one update the same way on every replica, whether it came by webhook or by polling:
/// <list type="number">
/// <item>the chat's Redis lock, so one chat's updates run one at a time across replicas;</item>
/// <item>the update's key checked against those already handled (a redelivery is acknowledged and dropped);</item>
/// <item>the user's rate limits (messages, commands), with a reply saying when to retry;</item>
/// <item>the bot's handlers, in order;</item>
/// <item>only then the key is recorded, so an update whose work failed or whose replica died is redelivered, and the
/// idempotency keys derived from it make the second run harmless.</item>
/// </list>
/// </summary>
public sealed partial class UpdatePipeline(
    IServiceScopeFactory scopes,
    BotClients clients,
    RedisLock locks,
    RedisDeduplicator deduplicator,
    RedisRateLimiter limiter,
    RedisConversationStore store,
    IOptions<PipelineOptions> options,
    ILogger<UpdatePipeline> logger)
{
    private readonly PipelineOptions settings = options.Value;

    public async Task<UpdateOutcome> ProcessAsync(string bot, Update update, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = BotTelemetry.Source.StartActivity("bot.update");
        activity?.SetTag("bot", bot);
        activity?.SetTag("update.type", update.Type.ToString());
        var outcome = await RunAsync(bot, update, cancellationToken);
        activity?.SetTag("outcome", outcome.ToString());
        BotTelemetry.Record(bot, outcome, Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private async Task<UpdateOutcome> RunAsync(string bot, Update update, CancellationToken cancellationToken)
    {
        if (!clients.TryGet(bot, out var client, out var identity) || Participants(update) is not var (userId, chatId))
        {
            return UpdateOutcome.Ignored;
        }
        var key = UpdateKey.Of(update);
        // Everything in Redis is under the bot's identity, not its name: see BotIdentity.
        var scope = identity.KeyPrefix;
        try
        {
            await using var chatLock = await locks.AcquireAsync($"{identity.KeyPrefix}:chat:{chatId}", settings.LockExpiry, settings.LockWait, cancellationToken);
            if (chatLock is null)
            {
                return UpdateOutcome.Busy;
            }
            if (await deduplicator.HasSeenAsync(scope, key))
            {
                return UpdateOutcome.Duplicate;
            }
            var context = new BotUpdate(identity, update, userId, chatId, client, store, limiter, settings);
            var outcome = await DispatchAsync(context, cancellationToken);
            await deduplicator.FirstSeenAsync(scope, key, settings.DedupRetention);
            return outcome;
        }
        catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            LogTransient(logger, e, bot, update.Id);
            return UpdateOutcome.Failed;
        }
    }

    private async Task<UpdateOutcome> DispatchAsync(BotUpdate context, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            if (!await WithinLimitsAsync(context, cancellationToken))
            {
                return UpdateOutcome.RateLimited;
            }
            foreach (var handler in scope.ServiceProvider.GetKeyedServices<IUpdateHandler>(context.Bot))
            {
                if (await handler.HandleAsync(context, cancellationToken))
                {
                    return UpdateOutcome.Handled;
                }
            }
            await AnswerUnknownAsync(context, cancellationToken);
            return UpdateOutcome.Handled;
        }
        catch (ApiRequestException e) when (e.ErrorCode is 400 or 403)
        {
            // Telegram refused a reply (the user blocked the bot, a message that cannot be edited): nothing to retry.
            LogRefused(logger, context.Bot, context.Update.Id, e.Message);
            return UpdateOutcome.Handled;
        }
        catch (Exception e) when (!IsTransient(e) && e is not OperationCanceledException)
        {
            // A bug must not make Telegram redeliver the update forever: say so to the user and acknowledge.
            LogFailed(logger, e, context.Bot, context.Update.Id);
            await context.ReplyAsync(context.T("error"), cancellationToken: cancellationToken);
            return UpdateOutcome.Handled;
        }
    }

    private async Task<bool> WithinLimitsAsync(BotUpdate context, CancellationToken cancellationToken)
    {
        var isCommand = context.Command is not null;
        var decision = await limiter.AcquireAsync(isCommand ? settings.Commands : settings.Messages, $"{context.Identity.KeyPrefix}:{context.UserId}");
        if (decision.Allowed)
        {
            return true;
        }
        var text = context.T(isCommand ? "rate.commands" : "rate.messages", BotUpdate.RetrySeconds(decision));
        if (context.Update.CallbackQuery is not null)
        {
            await context.AnswerCallbackAsync(text, cancellationToken);
        }
        else
        {
            await context.ReplyAsync(text, cancellationToken: cancellationToken);
        }
        return false;
    }

    private static async Task AnswerUnknownAsync(BotUpdate context, CancellationToken cancellationToken)
    {
        if (context.Update.CallbackQuery is not null)
        {
            await context.AnswerCallbackAsync(context.T("stale"), cancellationToken);
        }
        else if (context.Message is { } message && message.Text is null)
        {
            await context.ReplyAsync(context.T("expect.text"), cancellationToken: cancellationToken);
        }
        else if (context.Message is not null)
        {
            await context.ReplyAsync(context.T(context.Command is null ? "unknown" : "unknown.command"), cancellationToken: cancellationToken);
        }
    }

    /// <summary>The user and the chat an update belongs to, or null for updates the bots do not answer.</summary>
    private static (long UserId, long ChatId)? Participants(Update update) => update switch
    {
        { Message: { From: { } from, Chat: { } chat } } when chat.Id == from.Id => (from.Id, chat.Id),
        { CallbackQuery: { From: { } from } } => (from.Id, from.Id),
        _ => null,
    };

    private static bool IsTransient(Exception e) =>
        e is NpgsqlException or RedisException or TimeoutException or HttpRequestException or RequestException
        || e.InnerException is not null && IsTransient(e.InnerException);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Update {UpdateId} of bot {Bot} failed before it was durable; Telegram will redeliver it")]
    private static partial void LogTransient(ILogger logger, Exception exception, string bot, int updateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram refused the reply to update {UpdateId} of bot {Bot}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string bot, int updateId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Update {UpdateId} of bot {Bot} failed; the user was told")]
    private static partial void LogFailed(ILogger logger, Exception exception, string bot, int updateId);
}
