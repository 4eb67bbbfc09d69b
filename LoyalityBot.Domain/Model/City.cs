namespace LoyalityBot.Domain.Model;

/// <summary>A city partners work in; its currency converts purchases there.</summary>
public class City
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string CountryCode { get; set; }
    public required string Currency { get; set; }

    /// <summary>False while a suggested city waits for an admin's approval.</summary>
    public bool IsAvailable { get; set; }

    public DateTime CreatedAt { get; set; }
}
