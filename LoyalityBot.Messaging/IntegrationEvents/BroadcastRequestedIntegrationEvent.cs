namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>
/// A partner or an admin asked for a broadcast (the <c>broadcast_campaigns</c> row <paramref name="BroadcastId"/>,
/// which holds its audience and text); the workers send it, resumably.
/// </summary>
public sealed record BroadcastRequestedIntegrationEvent(long BroadcastId) : IntegrationEvent;
