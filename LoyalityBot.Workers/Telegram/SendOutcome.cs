namespace LoyalityBot.Workers.Telegram;

public enum SendOutcome
{
    Sent,
    /// <summary>The user blocked the bot (403), now or before: nothing is sent to them any more.</summary>
    Unreachable,
    /// <summary>Rejected (400: chat not found, bad text) or still failing after every retry.</summary>
    Failed,
    /// <summary>
    /// A transient failure (network, timeout, 5xx) the caller asked not to retry here
    /// (<see cref="TelegramGateway.TrySendAsync"/>): sending again later may work.
    /// </summary>
    Retryable,
}
