namespace LoyalityBot.Workers.Jobs.Reactivation;

/// <summary>
/// When a client who visits a partner has churned: the days since the last visit reach
/// max(<c>MinDays</c>, ⌈average interval × <c>IntervalCoefficient</c>⌉) (loyalty-domain.md §4: 7 and 2.0).
/// With a single visit there is no interval, so the minimum alone applies.
/// </summary>
public static class ChurnRule
{
    /// <summary>The average days between <paramref name="visits"/> visits spread from <paramref name="first"/> to <paramref name="last"/>; null under two visits.</summary>
    public static double? AverageIntervalDays(int visits, DateTime first, DateTime last) =>
        visits < 2 ? null : (last - first).TotalDays / (visits - 1);

    public static int ThresholdDays(double? averageIntervalDays, ReactivationOptions options) =>
        averageIntervalDays is { } average
            ? Math.Max(options.MinDays, (int)Math.Ceiling(average * (double)options.IntervalCoefficient))
            : options.MinDays;

    public static bool IsChurned(int daysSinceLastVisit, double? averageIntervalDays, ReactivationOptions options) =>
        daysSinceLastVisit >= ThresholdDays(averageIntervalDays, options);
}
