namespace LoyalityBot.Domain.Content;

/// <summary>
/// The limits of a promotion's and a service's fields, shared by the API (one request) and the partner bot (one
/// question at a time), so both accept exactly the same values.
/// </summary>
public static class ContentRules
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
    public const int DiscountTextMaxLength = 100;
    public const int CategoryMaxLength = 64;
    public const int MaxServices = 50;
    public const decimal MaxPrice = 1_000_000m;
    public const long MaxPoints = 1_000_000;

    public static bool IsPrice(decimal? price) => price is >= 0 and <= MaxPrice;

    public static bool IsPoints(long? points) => points is >= 0 and <= MaxPoints;

    public static bool IsCurrency(string? currency) => currency is null || currency is { Length: 3 } c && c.All(char.IsAsciiLetter);
}
