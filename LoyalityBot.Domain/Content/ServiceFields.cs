using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Content;

/// <summary>Everything a partner sets on a service: price in whole points, and a category.</summary>
public sealed record ServiceFields(string? Title, string? Description, int? PricePoints, string? Category)
{
    public static ServiceFields Of(Service s) => new(s.Title, s.Description, s.PricePoints, s.Category);
}
