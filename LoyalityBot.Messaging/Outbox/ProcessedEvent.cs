namespace LoyalityBot.Messaging.Outbox;

/// <summary>That a consumer handled an event: the key that makes a redelivery a no-op (see <see cref="ProcessedEvents"/>).</summary>
public sealed class ProcessedEvent
{
    public Guid EventId { get; set; }
    public required string Consumer { get; set; }
    public DateTime ProcessedAt { get; set; }
}
