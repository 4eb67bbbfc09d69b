namespace LoyalityBot.Domain.Payments;

/// <summary>
/// A client's offer to pay <see cref="Points"/> towards promotion <see cref="PromotionId"/>, shown as a QR of a
/// partner-bot deep link <c>pay_&lt;token&gt;</c> and valid until <see cref="ExpiresAt"/> (UTC).
/// </summary>
public sealed record PaymentToken(long ClientId, long PromotionId, long Points, DateTime ExpiresAt);
