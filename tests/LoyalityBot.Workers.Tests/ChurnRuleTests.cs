using LoyalityBot.Workers.Jobs.Reactivation;

namespace LoyalityBot.Workers.Tests;

public sealed class ChurnRuleTests
{
    private static readonly ReactivationOptions Defaults = new();

    [Theory]
    // One visit: no interval, the 7-day minimum alone.
    [InlineData(6, null, false)]
    [InlineData(7, null, true)]
    // Frequent visitors still wait the minimum: max(7, ⌈2 × 2⌉) = 7.
    [InlineData(6, 2.0, false)]
    [InlineData(7, 2.0, true)]
    // ⌈2 × 3.6⌉ = 8.
    [InlineData(7, 3.6, false)]
    [InlineData(8, 3.6, true)]
    // Every 10 days: churned at 20.
    [InlineData(19, 10.0, false)]
    [InlineData(20, 10.0, true)]
    public void Churned_once_the_days_since_the_last_visit_reach_max_of_7_and_twice_the_average_interval(int days, double? average, bool churned) =>
        Assert.Equal(churned, ChurnRule.IsChurned(days, average, Defaults));

    [Fact]
    public void The_average_interval_spreads_the_span_over_the_gaps_and_needs_two_visits()
    {
        var first = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(10.0, ChurnRule.AverageIntervalDays(3, first, first.AddDays(20)));
        Assert.Null(ChurnRule.AverageIntervalDays(1, first, first));
    }

    [Fact]
    public void The_minimum_and_coefficient_are_configurable()
    {
        var options = new ReactivationOptions { MinDays = 3, IntervalCoefficient = 1.5m };
        Assert.Equal(3, ChurnRule.ThresholdDays(1.0, options));
        Assert.Equal(15, ChurnRule.ThresholdDays(10.0, options));
        Assert.Null(new ReactivationOptions().Validate());
        Assert.NotNull(new ReactivationOptions { IntervalCoefficient = 0 }.Validate());
    }
}
