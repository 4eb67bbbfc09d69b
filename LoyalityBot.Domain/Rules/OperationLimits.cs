namespace LoyalityBot.Domain.Rules;

/// <summary>The per-operation checks that need no database: positive, and not absurdly large.</summary>
public static class OperationLimits
{
    /// <summary>True when a purchase amount is acceptable (positive and at most the configured maximum).</summary>
    public static bool IsAcceptablePurchase(decimal amount, LedgerOptions options) =>
        amount > 0 && amount <= options.MaxOperationAmount;

    /// <summary>True when a number of points to move is acceptable (positive and at most the configured maximum).</summary>
    public static bool IsAcceptablePoints(long points, LedgerOptions options) =>
        points > 0 && points <= options.MaxOperationAmount;

    /// <summary>What a client has spent on <paramref name="today"/>, given the day the counter is for.</summary>
    public static long SpentToday(DateOnly? counterDay, long counter, DateOnly today) =>
        counterDay == today ? counter : 0;

    /// <summary>True when spending <paramref name="points"/> more today stays within the daily limit.</summary>
    public static bool FitsDailySpend(long spentToday, long points, LedgerOptions options) =>
        spentToday + points <= options.MaxSpendPointsPerDay;
}
