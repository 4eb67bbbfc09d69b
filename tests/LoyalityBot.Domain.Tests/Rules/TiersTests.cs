using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Tests.Rules;

public class TiersTests
{
    [Theory]
    [InlineData(0, Tier.Bronze)]
    [InlineData(499, Tier.Bronze)]
    [InlineData(500, Tier.Silver)]
    [InlineData(1_999, Tier.Silver)]
    [InlineData(2_000, Tier.Gold)]
    [InlineData(4_999, Tier.Gold)]
    [InlineData(5_000, Tier.Platinum)]
    [InlineData(9_999, Tier.Platinum)]
    [InlineData(10_000, Tier.Diamond)]
    [InlineData(1_000_000, Tier.Diamond)]
    public void Tiers_come_from_lifetime_earned_points(long lifetimeEarned, Tier tier) =>
        Assert.Equal(tier, Tiers.ForLifetimeEarned(lifetimeEarned));

    [Fact]
    public void Thresholds_are_0_500_2000_5000_10000() =>
        Assert.Equal([0L, 500, 2_000, 5_000, 10_000],
            new[] { Tier.Bronze, Tier.Silver, Tier.Gold, Tier.Platinum, Tier.Diamond }.Select(Tiers.Threshold));
}
