using LoyalityBot.Coordination;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>The <c>BotPipeline</c> section: per-chat locking, de-duplication and the per-user rate limits.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "BotPipeline";

    /// <summary>How long a chat's lock lives if its holder dies (a killed replica's chats wait at most this).</summary>
    public TimeSpan LockExpiry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an update waits for its chat's lock before it is answered 503 (Telegram retries it).</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long handled update ids are remembered: longer than Telegram's 24 h retry window.</summary>
    public TimeSpan DedupRetention { get; set; } = RedisDeduplicator.DefaultRetention;

    public int MessagesPerMinute { get; set; } = 10;

    public int CommandsPerMinute { get; set; } = 5;

    /// <summary>Ledger operations per user (a partner serving one client, a client paying) per 5 minutes.</summary>
    public int TransactionsPerFiveMinutes { get; set; } = 3;

    public RateLimitPolicy Messages => new("bot-messages", MessagesPerMinute, TimeSpan.FromMinutes(1));

    public RateLimitPolicy Commands => new("bot-commands", CommandsPerMinute, TimeSpan.FromMinutes(1));

    public RateLimitPolicy Transactions => new("bot-transactions", TransactionsPerFiveMinutes, TimeSpan.FromMinutes(5));

    public string? Validate() =>
        LockExpiry <= TimeSpan.Zero || LockWait < TimeSpan.Zero ? "BotPipeline:LockExpiry must be positive and LockWait not negative."
        : DedupRetention < TimeSpan.FromHours(24) ? "BotPipeline:DedupRetention must outlast Telegram's 24 h retry window."
        : MessagesPerMinute < 1 || CommandsPerMinute < 1 || TransactionsPerFiveMinutes < 1 ? "BotPipeline rate limits must be at least 1."
        : null;
}
