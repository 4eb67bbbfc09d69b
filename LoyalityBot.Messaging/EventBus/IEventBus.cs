using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Messaging.EventBus;

public interface IEventBus
{
    /// <summary>Publishes persistently and returns once the broker confirmed it (throws if it was nacked or unroutable).</summary>
    Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken = default);
}
