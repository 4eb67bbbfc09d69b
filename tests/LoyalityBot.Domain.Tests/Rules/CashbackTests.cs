using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Tests.Rules;

public class CashbackTests
{
    private static readonly LedgerOptions Defaults = new();

    [Theory]
    [InlineData("1000", "5", 50)]      // the default 5 %
    [InlineData("199.99", "5", 9)]     // floor(9.9995): never rounds up
    [InlineData("19.99", "5", 0)]      // under one point earns nothing
    [InlineData("333", "7.5", 24)]     // a partner's own rate: floor(24.975)
    [InlineData("10000", "5", 500)]    // exactly the per-operation cap
    [InlineData("20000", "5", 500)]    // 1,000 capped to 500 per transaction
    public void Points_are_floor_of_purchase_times_rate_capped_per_operation(string purchase, string percent, long expected) =>
        Assert.Equal(expected, Cashback.Points(decimal.Parse(purchase, CultureInfo.InvariantCulture), decimal.Parse(percent, CultureInfo.InvariantCulture), Defaults));

    [Fact]
    public void The_cap_comes_from_the_options() =>
        Assert.Equal(1_000, Cashback.Points(20_000m, 5m, new LedgerOptions { MaxAccrualPointsPerOperation = 5_000 }));

    [Fact]
    public void Purchases_in_other_currencies_convert_with_the_rate_first()
    {
        // 1,000,000 VND at 0.00004 USD each = 40 USD; 5 % of that = 2 points.
        var usd = CurrencyConversion.ToBase(1_000_000m, 0.00004m);
        Assert.Equal(40m, usd);
        Assert.Equal(2, Cashback.Points(usd, Defaults.DefaultCashbackPercent, Defaults));
    }

    [Fact]
    public void A_rate_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CurrencyConversion.ToBase(10m, 0m));
}
