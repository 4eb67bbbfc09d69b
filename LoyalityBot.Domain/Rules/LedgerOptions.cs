namespace LoyalityBot.Domain.Rules;

/// <summary>The program's numbers, bound to the <c>Ledger</c> configuration section. Defaults are the original's.</summary>
public sealed class LedgerOptions
{
    public const string SectionName = "Ledger";

    /// <summary>Points a new client gets once, at registration.</summary>
    public long WelcomeBonus { get; set; } = 100;

    /// <summary>Cashback for a partner without its own rate, in percent of the purchase.</summary>
    public decimal DefaultCashbackPercent { get; set; } = 5m;

    /// <summary>The currency points and promotion prices are counted in; other currencies convert with the rates table.</summary>
    public string BaseCurrency { get; set; } = "USD";

    /// <summary>The most points one accrual may credit; larger cashback is capped to this.</summary>
    public long MaxAccrualPointsPerOperation { get; set; } = 500;

    /// <summary>The most points one client may spend per UTC day (redemptions and promotion payments together).</summary>
    public long MaxSpendPointsPerDay { get; set; } = 2_000;

    /// <summary>Purchase amounts and point amounts above this are rejected outright.</summary>
    public decimal MaxOperationAmount { get; set; } = 1_000_000m;

    /// <summary>Registration rewards to the new client's uplines, level 1 to 3.</summary>
    public long ReferralRewardLevel1 { get; set; } = 100;
    public long ReferralRewardLevel2 { get; set; } = 25;
    public long ReferralRewardLevel3 { get; set; } = 10;

    /// <summary>Shares of a referee's earned points paid to the uplines on each accrual, in percent.</summary>
    public decimal ReferralAccrualPercentLevel1 { get; set; } = 8m;
    public decimal ReferralAccrualPercentLevel2 { get; set; } = 4m;
    public decimal ReferralAccrualPercentLevel3 { get; set; } = 2m;

    /// <summary>Points paid once when a client's direct referrals reach each count.</summary>
    public Dictionary<int, long> ReferralAchievements { get; set; } = new() { [5] = 200, [10] = 500, [25] = 1_500, [50] = 3_000 };

    /// <summary>Why the options are unusable, or null when they are fine (checked at start).</summary>
    public string? Validate() =>
        WelcomeBonus < 0 ? "Ledger:WelcomeBonus must not be negative"
        : DefaultCashbackPercent is < 0 or > 100 ? "Ledger:DefaultCashbackPercent must be within 0..100"
        : BaseCurrency.Length != 3 ? "Ledger:BaseCurrency must be a 3-letter code"
        : MaxAccrualPointsPerOperation <= 0 ? "Ledger:MaxAccrualPointsPerOperation must be positive"
        : MaxSpendPointsPerDay <= 0 ? "Ledger:MaxSpendPointsPerDay must be positive"
        : MaxOperationAmount <= 0 ? "Ledger:MaxOperationAmount must be positive"
        : ReferralAchievements.Any(a => a.Key <= 0 || a.Value <= 0) ? "Ledger:ReferralAchievements must map positive counts to positive points"
        : null;
}
