namespace LoyalityBot.Domain.Model;

/// <summary>How many units of the base currency (USD) one unit of <see cref="Currency"/> buys.</summary>
public class ExchangeRate
{
    public required string Currency { get; set; }
    public decimal RateToBase { get; set; }
    public DateTime UpdatedAt { get; set; }
}
