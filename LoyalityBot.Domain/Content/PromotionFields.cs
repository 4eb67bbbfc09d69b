using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Content;

/// <summary>Everything a partner sets on a promotion (the API's request body, the bot's finished form).</summary>
public sealed record PromotionFields(
    string? Title, string? Description, PromotionType? Type, string? DiscountText, DateOnly? StartsOn, DateOnly? EndsOn,
    decimal? Price, string? Currency, long? MaxPointsPayment, Tier? MinTier, TierVisibility? TierVisibility, long[]? ServiceIds)
{
    /// <summary>The fields of a stored promotion, to change some and save them again.</summary>
    public static PromotionFields Of(Promotion p) => new(p.Title, p.Description, p.Type, p.DiscountText, p.StartsOn, p.EndsOn,
        p.Price, p.Currency, p.MaxPointsPayment, p.MinTier, p.TierVisibility, [.. p.Services.Select(s => s.Id)]);
}
