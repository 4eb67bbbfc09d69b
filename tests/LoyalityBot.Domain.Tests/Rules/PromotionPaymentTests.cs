using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Tests.Rules;

public class PromotionPaymentTests
{
    private static readonly LedgerOptions Defaults = new();

    [Fact]
    public void Points_up_to_the_cap_and_cashback_only_on_the_cash_remainder()
    {
        // Price 100, cap 30 points: paying 30 points leaves 70 in cash, which earns floor(70 × 5 %) = 3 points.
        var split = PromotionPayment.Split(price: 100m, maxPointsPayment: 30, pointValue: 1m, requestedPoints: 30);
        Assert.Equal(new PromotionPaymentSplit(30, 70m), split);
        Assert.Equal(3, PromotionPayment.CashbackPoints(split!.Value, 5m, 1m, Defaults));
    }

    [Theory]
    [InlineData(31)] // above max_points_payment
    [InlineData(0)]
    [InlineData(-1)]
    public void Requests_outside_the_cap_are_refused(long points) =>
        Assert.Null(PromotionPayment.Split(100m, 30, 1m, points));

    [Fact]
    public void The_cap_never_exceeds_the_price()
    {
        Assert.Null(PromotionPayment.Split(price: 20m, maxPointsPayment: 50, pointValue: 1m, requestedPoints: 21));
        var whole = PromotionPayment.Split(20m, 50, 1m, 20);
        Assert.Equal(0m, whole!.Value.CashRemainder);
        Assert.Equal(0, PromotionPayment.CashbackPoints(whole.Value, 5m, 1m, Defaults));
    }

    [Fact]
    public void A_point_worth_half_a_unit_pays_half_as_much()
    {
        var split = PromotionPayment.Split(price: 100m, maxPointsPayment: 60, pointValue: 0.5m, requestedPoints: 60);
        Assert.Equal(70m, split!.Value.CashRemainder);
    }
}
