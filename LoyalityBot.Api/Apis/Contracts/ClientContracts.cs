using LoyalityBot.Domain.Model;

namespace LoyalityBot.Api.Apis.Contracts;

public sealed record ProfileResponse(
    long Id, string Name, int? CityId, string Language, string ReferralCode, long Balance, long LifetimeEarned,
    Tier Tier, Tier? NextTier, long PointsToNextTier);

public sealed record HistoryEntryResponse(
    long Id, LedgerEntryKind Kind, long Amount, long BalanceAfter, long? PartnerId, long? PromotionId,
    decimal? PurchaseAmount, string? PurchaseCurrency, DateTime CreatedAt);

public sealed record PromotionResponse(
    long Id, long PartnerId, string Title, string? Description, PromotionType Type, string? DiscountText,
    DateOnly StartsOn, DateOnly EndsOn, decimal Price, string Currency, long MaxPointsPayment, decimal PointValue,
    Tier? MinTier, string? ImageHash)
{
    public static PromotionResponse From(Promotion p) => new(
        p.Id, p.PartnerId, p.Title, p.Description, p.Type, p.DiscountText, p.StartsOn, p.EndsOn, p.Price, p.Currency,
        p.MaxPointsPayment, p.PointValue, p.MinTier, p.ImageHash);
}

public sealed record ServiceResponse(long Id, long PartnerId, string Title, string? Description, int PricePoints, string Category)
{
    public static ServiceResponse From(Service s) => new(s.Id, s.PartnerId, s.Title, s.Description, s.PricePoints, s.Category);
}

public sealed record PartnerCardResponse(long Id, string Name, string Category, int? CityId, string? District, decimal CashbackPercent, string? BookingUrl)
{
    public static PartnerCardResponse From(Partner p) => new(p.Id, p.Name, p.Category, p.CityId, p.District, p.CashbackPercent, p.BookingUrl);
}

public sealed record PromotionDetailResponse(PromotionResponse Promotion, IReadOnlyList<ServiceResponse> Services, bool CanPayWithPoints);

public sealed record PaymentTokenRequest(long? Points);

public sealed record PaymentTokenResponse(string Token, string DeepLink, long Points, DateTimeOffset ExpiresAt);

public sealed record ReferralResponse(string Code, string Link, int Level1, int Level2, int Level3, long PointsEarned);

public sealed record NpsRequest(long? PartnerId, int? Rating, string? Feedback);

public sealed record MessageRequest(string? Text);

public sealed record CreatedResponse(long Id);

public sealed record AcceptedResponse(string Status);
