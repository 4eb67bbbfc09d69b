namespace LoyalityBot.Bots.Pipeline;

/// <summary>What happened to one delivered update; the webhook maps it to an HTTP status.</summary>
public enum UpdateOutcome
{
    /// <summary>Handled and durable: acknowledge.</summary>
    Handled,
    /// <summary>Seen before (a redelivery): acknowledge, do nothing.</summary>
    Duplicate,
    /// <summary>Nothing to answer (no user, an update type the bots do not use): acknowledge.</summary>
    Ignored,
    /// <summary>Over the user's rate limit; they were told when to retry: acknowledge.</summary>
    RateLimited,
    /// <summary>Another replica holds the chat: not acknowledged, Telegram redelivers it.</summary>
    Busy,
    /// <summary>A dependency failed before the effects were durable: not acknowledged, Telegram redelivers it.</summary>
    Failed,
}
