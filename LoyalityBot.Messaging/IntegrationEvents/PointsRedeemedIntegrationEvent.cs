namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>
/// A client spent points at a partner: a redemption or a promotion payment (written with the ledger entry, in its
/// transaction). The workers send the client a receipt.
/// </summary>
public sealed record PointsRedeemedIntegrationEvent(
    long EntryId, long ClientId, long PartnerId, long Points, long? BalanceAfter) : IntegrationEvent;
