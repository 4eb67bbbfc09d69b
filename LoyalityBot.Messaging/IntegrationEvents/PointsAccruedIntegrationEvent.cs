namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>A purchase earned a client points at a partner (written with the ledger entry, in its transaction).</summary>
public sealed record PointsAccruedIntegrationEvent(
    long EntryId, long ClientId, long PartnerId, long Points, long? BalanceAfter) : IntegrationEvent;
