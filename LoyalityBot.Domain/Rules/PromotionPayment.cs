namespace LoyalityBot.Domain.Rules;

/// <summary>The split of a promotion's price between points and the cash the client still pays.</summary>
public readonly record struct PromotionPaymentSplit(long Points, decimal CashRemainder);

public static class PromotionPayment
{
    /// <summary>
    /// Pays <paramref name="requestedPoints"/> towards <paramref name="price"/>. The points may exceed neither the
    /// promotion's cap (<c>max_points_payment</c>) nor the price itself. Returns null when the request breaks the cap.
    /// </summary>
    public static PromotionPaymentSplit? Split(decimal price, long maxPointsPayment, decimal pointValue, long requestedPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(price);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pointValue);
        var cap = Math.Min(maxPointsPayment, (long)decimal.Floor(price / pointValue));
        return requestedPoints > 0 && requestedPoints <= cap
            ? new PromotionPaymentSplit(requestedPoints, price - requestedPoints * pointValue)
            : null;
    }

    /// <summary>Cashback accrues only on the cash remainder, converted to the base currency like any purchase.</summary>
    public static long CashbackPoints(PromotionPaymentSplit split, decimal cashbackPercent, decimal rateToBase, LedgerOptions options) =>
        Cashback.Points(CurrencyConversion.ToBase(split.CashRemainder, rateToBase), cashbackPercent, options);
}
