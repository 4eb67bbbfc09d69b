using LoyalityBot.TelegramSandbox.Client;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>Per-bot counters, updated lock-free from request threads and webhook workers.</summary>
public sealed class BotCounterSet
{
    private long _messagesSent;
    private long _tooManyRequests;
    private long _updatesQueued;
    private long _webhookDeliveries;
    private long _webhookFailures;

    public void MessageSent() => Interlocked.Increment(ref _messagesSent);

    public void TooManyRequests() => Interlocked.Increment(ref _tooManyRequests);

    public void UpdateQueued() => Interlocked.Increment(ref _updatesQueued);

    public void WebhookDelivered() => Interlocked.Increment(ref _webhookDeliveries);

    public void WebhookFailed() => Interlocked.Increment(ref _webhookFailures);

    public BotCounters Snapshot() => new(
        Interlocked.Read(ref _messagesSent),
        Interlocked.Read(ref _tooManyRequests),
        Interlocked.Read(ref _updatesQueued),
        Interlocked.Read(ref _webhookDeliveries),
        Interlocked.Read(ref _webhookFailures));
}
