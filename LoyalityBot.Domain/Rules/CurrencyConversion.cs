namespace LoyalityBot.Domain.Rules;

/// <summary>Converts purchase amounts into the base currency with the rates table.</summary>
public static class CurrencyConversion
{
    /// <param name="rateToBase">Units of the base currency one unit of the purchase currency buys (1 for the base currency itself).</param>
    public static decimal ToBase(decimal amount, decimal rateToBase)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rateToBase);
        // Cents are the finest unit any receipt carries; round half-even like the money it came from.
        return decimal.Round(amount * rateToBase, 2, MidpointRounding.ToEven);
    }
}
