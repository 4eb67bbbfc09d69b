using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoyalityBot.Coordination;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace LoyalityBot.Workers.Telegram;

/// <summary>
/// The one way workers send to Telegram. Before each call it takes a slot from the shared Redis limiters (per chat
/// and per bot, in one call), so all replicas together stay within Telegram's limits; a 429 still waits its
/// <c>retry_after</c>; a 403 (blocked) marks the chat unreachable for that bot and nothing more is sent to it;
/// network errors and 5xx are retried with doubling backoff.
/// </summary>
public sealed partial class TelegramGateway : IDisposable
{
    private static readonly Meter Meter = new("LoyalityBot.Workers.Telegram");
    private static readonly Histogram<double> LimiterWait = Meter.CreateHistogram<double>("telegram.gateway.limiter_wait", "ms", "Time a send waited for the shared rate limits");
    private static readonly Counter<long> Outcomes = Meter.CreateCounter<long>("telegram.gateway.sends", description: "Sends by outcome");
    private static readonly Counter<long> TooManyRequests = Meter.CreateCounter<long>("telegram.gateway.429", description: "429 answers from Telegram");

    private readonly RedisRateLimiter limiter;
    private readonly UnreachableChats unreachable;
    private readonly TelegramGatewayOptions settings;
    private readonly ILogger<TelegramGateway> logger;
    private readonly HttpClient http = new();
    private readonly Dictionary<string, TelegramBotClient> bots;
    private readonly RateLimitPolicy perBot;
    private readonly RateLimitPolicy perChat;

    public TelegramGateway(RedisRateLimiter limiter, UnreachableChats unreachable, IOptions<TelegramOptions> telegram,
        IOptions<TelegramGatewayOptions> options, ILogger<TelegramGateway> logger)
    {
        this.limiter = limiter;
        this.unreachable = unreachable;
        this.logger = logger;
        settings = options.Value;
        perBot = new RateLimitPolicy("tg-bot", settings.PerBotPerSecond, TimeSpan.FromSeconds(1), settings.PerBotBurst);
        perChat = new RateLimitPolicy("tg-chat", settings.PerChatPerSecond, TimeSpan.FromSeconds(1), settings.PerChatBurst);
        // Telegram.Bot's own 429 retry is off (RetryThreshold 0): the gateway waits retry_after itself and counts it.
        bots = telegram.Value.Bots.ToDictionary(
            bot => bot.Key,
            bot => new TelegramBotClient(new TelegramBotClientOptions(bot.Value.Token, telegram.Value.ApiBaseUrl) { RetryThreshold = 0 }, http),
            StringComparer.OrdinalIgnoreCase);
    }

    public Task<SendOutcome> SendTextAsync(string bot, long chatId, string text, CancellationToken cancellationToken = default) =>
        SendAsync(bot, chatId, (client, ct) => client.SendMessage(chatId, text, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// Like <see cref="SendAsync"/>, but a transient failure returns <see cref="SendOutcome.Retryable"/> at once
    /// instead of waiting out backoffs here: a caller with a queue of its own (a broadcast) retries it later, so one
    /// recipient's trouble does not hold up the others. A 429 is still waited out.
    /// </summary>
    public Task<SendOutcome> TrySendAsync(string bot, long chatId, Func<ITelegramBotClient, CancellationToken, Task> send, CancellationToken cancellationToken = default) =>
        SendCoreAsync(bot, chatId, send, retryTransient: false, cancellationToken);

    /// <summary>Sends anything (a photo, a document) through the same limits and error handling.</summary>
    public Task<SendOutcome> SendAsync(string bot, long chatId, Func<ITelegramBotClient, CancellationToken, Task> send, CancellationToken cancellationToken = default) =>
        SendCoreAsync(bot, chatId, send, retryTransient: true, cancellationToken);

    private async Task<SendOutcome> SendCoreAsync(string bot, long chatId, Func<ITelegramBotClient, CancellationToken, Task> send, bool retryTransient, CancellationToken cancellationToken)
    {
        var client = Client(bot);
        // Both limits are one Lua call (all or nothing), and the unreachable check goes out beside it: one Redis round
        // trip before the first try, not two. The slots of a chat that turns out unreachable go unused.
        (RateLimitPolicy, string)[] limits = [(perChat, $"{bot}:{chatId}"), (perBot, bot)];
        var blocked = unreachable.ContainsAsync(bot, chatId);
        var slots = AcquireAsync(limits, cancellationToken);
        await Task.WhenAll(blocked, slots);
        if (await blocked)
        {
            return Count(bot, SendOutcome.Unreachable);
        }
        var backoff = settings.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                await AcquireAsync(limits, cancellationToken);
            }
            try
            {
                await send(client, cancellationToken);
                return Count(bot, SendOutcome.Sent);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429 && e.Parameters?.RetryAfter is { } seconds && TimeSpan.FromSeconds(seconds) <= settings.MaxRetryAfter)
            {
                TooManyRequests.Add(1, new KeyValuePair<string, object?>("bot", bot));
                LogTooManyRequests(logger, bot, chatId, seconds);
                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                await unreachable.AddAsync(bot, chatId);
                LogUnreachable(logger, bot, chatId, e.Message);
                return Count(bot, SendOutcome.Unreachable);
            }
            catch (Exception e) when (IsTransient(e) && !retryTransient && !cancellationToken.IsCancellationRequested)
            {
                LogRetryable(logger, e, bot, chatId);
                return Count(bot, SendOutcome.Retryable);
            }
            catch (Exception e) when (IsTransient(e) && attempt < settings.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                LogTransient(logger, e, bot, chatId, attempt, backoff);
                await Task.Delay(backoff, cancellationToken);
                backoff *= 2;
            }
            catch (Exception e) when (e is RequestException && !cancellationToken.IsCancellationRequested)
            {
                LogFailed(logger, e, bot, chatId, attempt);
                return Count(bot, SendOutcome.Failed);
            }
        }
    }

    private TelegramBotClient Client(string bot) =>
        bots.TryGetValue(bot, out var found) ? found : throw new ArgumentException($"No token configured for bot '{bot}'.", nameof(bot));

    private async Task AcquireAsync((RateLimitPolicy Policy, string Key)[] limits, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        RateLimitDecision decision;
        while (!(decision = await limiter.AcquireAllAsync(limits)).Allowed)
        {
            await Task.Delay(decision.RetryAfter, cancellationToken);
        }
        LimiterWait.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>Network failures, timeouts and server errors may pass; a 4xx other than 429 will not.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        ApiRequestException api => api.ErrorCode >= 500 || api.ErrorCode == 429,
        RequestException request => request.InnerException is HttpRequestException or TaskCanceledException or IOException,
        _ => false,
    };

    private static SendOutcome Count(string bot, SendOutcome outcome)
    {
        Outcomes.Add(1, new KeyValuePair<string, object?>("bot", bot), new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        return outcome;
    }

    public void Dispose() => http.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram said 429 to {Bot} for chat {ChatId}; waiting {Seconds} s")]
    private static partial void LogTooManyRequests(ILogger logger, string bot, long chatId, int seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat {ChatId} blocked {Bot} ({Reason}); marked unreachable")]
    private static partial void LogUnreachable(ILogger logger, string bot, long chatId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to chat {ChatId} through {Bot} failed on attempt {Attempt}; retrying in {Backoff}")]
    private static partial void LogTransient(ILogger logger, Exception e, string bot, long chatId, int attempt, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending to chat {ChatId} through {Bot} failed transiently; the caller retries later")]
    private static partial void LogRetryable(ILogger logger, Exception e, string bot, long chatId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending to chat {ChatId} through {Bot} failed after {Attempt} attempt(s)")]
    private static partial void LogFailed(ILogger logger, Exception e, string bot, long chatId, int attempt);
}
