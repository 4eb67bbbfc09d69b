namespace LoyalityBot.Domain.Ledger;

// Every request carries an idempotency key (a Telegram update id, an API request id, a message id) so that a
// retried request finds its original result instead of applying twice, and a source for the audit trail.

/// <summary>Registers a client: account, welcome bonus, referral tree and upline rewards, in one transaction.</summary>
public sealed record ClientRegistration(
    long ClientId,
    string Name,
    string? Phone = null,
    int? CityId = null,
    string Language = "ru",
    long? ReferrerClientId = null,
    long? ViaPartnerId = null,
    string? AmbassadorCode = null,
    string? Source = null);

/// <summary>Points for a purchase at a partner: floor(purchase × the partner's cashback %).</summary>
public sealed record AccrualRequest(
    long ClientId, long PartnerId, decimal PurchaseAmount, string Currency, string IdempotencyKey, string? Source = null);

/// <summary>A client spends points at a partner.</summary>
public sealed record RedemptionRequest(
    long ClientId, long PartnerId, long Points, string IdempotencyKey, string? Source = null);

/// <summary>A client pays part of a promotion's price with points; the cash remainder earns cashback.</summary>
public sealed record PromotionPaymentRequest(
    long ClientId, long PromotionId, long Points, string IdempotencyKey, string? Source = null);

/// <summary>An admin's correction (positive or negative); it earns nothing and counts against no daily limit.</summary>
public sealed record AdjustmentRequest(long ClientId, long Points, string IdempotencyKey, string? Source = null);

/// <summary>Undoes one entry with an opposite entry; the original stays in the ledger.</summary>
public sealed record ReversalRequest(long EntryId, string IdempotencyKey, string? Source = null);
