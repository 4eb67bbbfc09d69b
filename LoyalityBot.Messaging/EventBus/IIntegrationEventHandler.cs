using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Handles one event type; resolved in a scope per delivery. Delivery is at least once: a handler either is
/// naturally idempotent or records the event with <see cref="Outbox.ProcessedEvents"/> in its own transaction.
/// Throwing schedules a delayed retry; after the last attempt the message goes to the dead-letter queue.
/// </summary>
public interface IIntegrationEventHandler<in TEvent> : IIntegrationEventHandler where TEvent : IntegrationEvent
{
    Task Handle(TEvent @event, CancellationToken cancellationToken);

    Task IIntegrationEventHandler.Handle(IntegrationEvent @event, CancellationToken cancellationToken) =>
        Handle((TEvent)@event, cancellationToken);
}

/// <summary>The untyped form the consumer calls (handlers are keyed by their event type).</summary>
public interface IIntegrationEventHandler
{
    Task Handle(IntegrationEvent @event, CancellationToken cancellationToken);
}
