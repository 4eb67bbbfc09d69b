using System.Text.Json.Serialization;

namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>
/// A fact another service reacts to, named in the past tense. The id is the message id on the wire and the key
/// idempotent consumers remember; a version-7 GUID keeps outbox rows in creation order.
/// </summary>
public abstract record IntegrationEvent
{
    [JsonInclude]
    public Guid Id { get; init; } = Guid.CreateVersion7();

    [JsonInclude]
    public DateTime CreationDate { get; init; } = DateTime.UtcNow;
}
