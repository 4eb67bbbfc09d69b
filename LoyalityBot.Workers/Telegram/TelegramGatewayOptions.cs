namespace LoyalityBot.Workers.Telegram;

/// <summary>The <c>TelegramGateway</c> section: Telegram's limits (shared by all replicas through Redis) and retries.</summary>
public sealed class TelegramGatewayOptions
{
    public const string SectionName = "TelegramGateway";

    /// <summary>Messages per second per bot (Telegram: about 30).</summary>
    public int PerBotPerSecond { get; set; } = 30;

    /// <summary>
    /// How many may go at once after a pause. A little slack lets a sender that took its slot a few milliseconds
    /// late (Redis round trip, timer wake-up) catch up, so the sustained rate is the limit and not below it.
    /// </summary>
    public int PerBotBurst { get; set; } = 3;

    /// <summary>Messages per second to one chat (Telegram: 1).</summary>
    public int PerChatPerSecond { get; set; } = 1;

    public int PerChatBurst { get; set; } = 1;

    /// <summary>Attempts for a transient failure (network, 5xx) before the send is reported failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The first backoff after a transient failure; it doubles per attempt.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 with a longer retry_after than this fails the send instead of holding the worker.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    internal string? Validate() =>
        PerBotPerSecond < 1 || PerBotBurst < 1 || PerChatPerSecond < 1 || PerChatBurst < 1 ? "TelegramGateway limits and bursts must be at least 1."
        : MaxAttempts < 1 || InitialBackoff <= TimeSpan.Zero ? "TelegramGateway:MaxAttempts and InitialBackoff must be positive."
        : null;
}
