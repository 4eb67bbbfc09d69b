using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Tests.Rules;

public class OperationLimitsTests
{
    private static readonly LedgerOptions Defaults = new();

    [Theory]
    [InlineData("0.01", true)]
    [InlineData("1000000", true)]
    [InlineData("1000000.01", false)] // amounts over 1,000,000 are rejected
    [InlineData("0", false)]
    [InlineData("-5", false)]
    public void Purchase_amounts_must_be_positive_and_at_most_a_million(string amount, bool acceptable) =>
        Assert.Equal(acceptable, OperationLimits.IsAcceptablePurchase(decimal.Parse(amount, CultureInfo.InvariantCulture), Defaults));

    [Theory]
    [InlineData(1, true)]
    [InlineData(1_000_000, true)]
    [InlineData(1_000_001, false)]
    [InlineData(0, false)]
    public void Point_amounts_must_be_positive_and_at_most_a_million(long points, bool acceptable) =>
        Assert.Equal(acceptable, OperationLimits.IsAcceptablePoints(points, Defaults));

    [Theory]
    [InlineData(0, 2_000, true)]
    [InlineData(1_500, 500, true)]
    [InlineData(1_500, 501, false)] // spend is at most 2,000 points per day
    [InlineData(2_000, 1, false)]
    public void Daily_spend_is_at_most_two_thousand(long spentToday, long points, bool fits) =>
        Assert.Equal(fits, OperationLimits.FitsDailySpend(spentToday, points, Defaults));

    [Fact]
    public void Yesterdays_spending_does_not_count_today()
    {
        var today = new DateOnly(2026, 11, 24);
        Assert.Equal(0, OperationLimits.SpentToday(today.AddDays(-1), 1_900, today));
        Assert.Equal(1_900, OperationLimits.SpentToday(today, 1_900, today));
        Assert.Equal(0, OperationLimits.SpentToday(null, 0, today));
    }
}
