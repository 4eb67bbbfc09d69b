using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Rules;

/// <summary>
/// A client's tier from LIFETIME earned points. The original used the current balance, which demoted clients
/// who spent; lifetime earnings only grow, so spending never costs a tier.
/// </summary>
public static class Tiers
{
    private static readonly (long Threshold, Tier Tier)[] Thresholds =
    [
        (10_000, Tier.Diamond),
        (5_000, Tier.Platinum),
        (2_000, Tier.Gold),
        (500, Tier.Silver),
        (0, Tier.Bronze),
    ];

    public static Tier ForLifetimeEarned(long lifetimeEarned) =>
        Thresholds.First(t => lifetimeEarned >= t.Threshold || t.Tier == Tier.Bronze).Tier;

    /// <summary>The points needed to reach <paramref name="tier"/>.</summary>
    public static long Threshold(Tier tier) => Thresholds.Single(t => t.Tier == tier).Threshold;
}
