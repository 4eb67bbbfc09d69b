namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>What an admin moderates.</summary>
public enum ModeratedContentKind { Promotion, Service }

/// <summary>An admin approved or rejected a partner's promotion or service; the partner hears it through the partner bot.</summary>
public sealed record ContentModeratedIntegrationEvent(
    ModeratedContentKind Kind, long ContentId, long PartnerId, bool Approved, string? Reason) : IntegrationEvent;
