namespace LoyalityBot.Messaging.Outbox;

/// <summary>
/// An integration event waiting to be published (eShop's IntegrationEventLogEntry). Written with raw SQL by
/// <see cref="OutboxWriter"/> and <see cref="OutboxRelay"/>; the entity exists so EF migrations own the table.
/// </summary>
public sealed class OutboxMessage
{
    public Guid EventId { get; set; }
    public required string EventTypeName { get; set; }
    /// <summary>The event's JSON, exactly as published.</summary>
    public required string Content { get; set; }
    public DateTime CreationTime { get; set; }
    /// <summary>W3C trace context of the code that wrote the event, so the trace continues through the queue.</summary>
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
    /// <summary>Publish attempts (a value above 1 means a broker failure or a relay crash in between).</summary>
    public int TimesSent { get; set; }
    /// <summary>When the broker confirmed it; null while pending.</summary>
    public DateTime? SentAt { get; set; }
}
