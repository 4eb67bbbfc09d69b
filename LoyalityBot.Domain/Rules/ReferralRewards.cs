namespace LoyalityBot.Domain.Rules;

/// <summary>What uplines earn from their referees, level 1 (direct) to 3.</summary>
public static class ReferralRewards
{
    public const int MaxLevel = 3;

    /// <summary>Points an upline at <paramref name="level"/> gets when a new client registers under them.</summary>
    public static long Registration(int level, LedgerOptions options) => level switch
    {
        1 => options.ReferralRewardLevel1,
        2 => options.ReferralRewardLevel2,
        3 => options.ReferralRewardLevel3,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Referral levels are 1 to 3."),
    };

    /// <summary>floor(earned × level %): an upline's share of points their referee earned on a purchase.</summary>
    public static long AccrualShare(int level, long refereeEarnedPoints, LedgerOptions options)
    {
        var percent = level switch
        {
            1 => options.ReferralAccrualPercentLevel1,
            2 => options.ReferralAccrualPercentLevel2,
            3 => options.ReferralAccrualPercentLevel3,
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Referral levels are 1 to 3."),
        };
        return (long)decimal.Floor(refereeEarnedPoints * percent / 100m);
    }

    /// <summary>The achievement thresholds reached at <paramref name="directReferrals"/> and not yet paid, with their points.</summary>
    public static IReadOnlyList<(int Threshold, long Points)> AchievementsDue(
        int directReferrals, IReadOnlySet<int> alreadyPaid, LedgerOptions options) =>
        options.ReferralAchievements
            .Where(a => a.Key <= directReferrals && !alreadyPaid.Contains(a.Key))
            .OrderBy(a => a.Key)
            .Select(a => (a.Key, a.Value))
            .ToList();
}
