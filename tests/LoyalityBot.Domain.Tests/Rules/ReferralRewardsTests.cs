using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Tests.Rules;

public class ReferralRewardsTests
{
    private static readonly LedgerOptions Defaults = new();

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 25)]
    [InlineData(3, 10)]
    public void Registration_pays_100_25_10_to_levels_1_to_3(int level, long points) =>
        Assert.Equal(points, ReferralRewards.Registration(level, Defaults));

    [Theory]
    [InlineData(1, 100, 8)]
    [InlineData(2, 100, 4)]
    [InlineData(3, 100, 2)]
    [InlineData(1, 50, 4)]
    [InlineData(3, 49, 0)]  // floor(0.98)
    [InlineData(1, 12, 0)]  // floor(0.96)
    public void Accrual_shares_are_8_4_2_percent_of_the_referees_points(int level, long earned, long share) =>
        Assert.Equal(share, ReferralRewards.AccrualShare(level, earned, Defaults));

    [Fact]
    public void There_is_no_fourth_level()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferralRewards.Registration(4, Defaults));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferralRewards.AccrualShare(4, 100, Defaults));
    }

    [Fact]
    public void Achievements_at_5_10_25_50_pay_200_500_1500_3000_each_once()
    {
        Assert.Empty(ReferralRewards.AchievementsDue(4, new HashSet<int>(), Defaults));
        Assert.Equal([(5, 200L)], ReferralRewards.AchievementsDue(5, new HashSet<int>(), Defaults));
        Assert.Empty(ReferralRewards.AchievementsDue(6, new HashSet<int> { 5 }, Defaults));
        Assert.Equal([(10, 500L)], ReferralRewards.AchievementsDue(10, new HashSet<int> { 5 }, Defaults));
        Assert.Equal([(5, 200L), (10, 500L), (25, 1_500L)], ReferralRewards.AchievementsDue(26, new HashSet<int>(), Defaults));
        Assert.Equal([(50, 3_000L)], ReferralRewards.AchievementsDue(50, new HashSet<int> { 5, 10, 25 }, Defaults));
    }
}
