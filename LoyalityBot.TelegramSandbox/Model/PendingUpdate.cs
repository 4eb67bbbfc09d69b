namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>
/// An update waiting for getUpdates or for webhook delivery, serialized once when it is queued.
/// <see cref="Key"/> orders webhook delivery: the chat for messages, the user for callback queries.
/// <see cref="QueuedAt"/> (a <see cref="System.Diagnostics.Stopwatch"/> timestamp) starts its <see cref="ReplyLatency"/>.
/// </summary>
public sealed record PendingUpdate(int Id, long Key, byte[] Json, long QueuedAt);
