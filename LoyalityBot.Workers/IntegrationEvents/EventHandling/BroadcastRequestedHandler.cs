using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Broadcasts;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Sends the requested broadcast to the end. The delivery stays unacked meanwhile, so if this worker dies the broker
/// redelivers it and another replica resumes the broadcast (after the dead one's lease expires). A redelivery of a
/// completed broadcast sends nothing.
/// </summary>
internal sealed class BroadcastRequestedHandler(BroadcastSender sender) : IIntegrationEventHandler<BroadcastRequestedIntegrationEvent>
{
    public Task Handle(BroadcastRequestedIntegrationEvent @event, CancellationToken cancellationToken) =>
        sender.RunAsync(@event.BroadcastId, cancellationToken);
}
