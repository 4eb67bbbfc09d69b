namespace LoyalityBot.Domain.Rules;

/// <summary>How many points a purchase earns.</summary>
public static class Cashback
{
    /// <summary>
    /// floor(purchase in base currency × cashback %), capped by the per-operation accrual limit.
    /// Flooring (never rounding up) means the program never pays a fraction of a point it did not earn.
    /// </summary>
    public static long Points(decimal purchaseInBaseCurrency, decimal cashbackPercent, LedgerOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(purchaseInBaseCurrency);
        ArgumentOutOfRangeException.ThrowIfNegative(cashbackPercent);
        var points = (long)decimal.Floor(purchaseInBaseCurrency * cashbackPercent / 100m);
        return Math.Min(points, options.MaxAccrualPointsPerOperation);
    }
}
