namespace LoyalityBot.Domain.Model;

/// <summary>
/// A client's points balance. Only the ledger changes it, with a conditional UPDATE in the same
/// transaction as the matching <see cref="LedgerEntry"/>; the balance always equals the sum of the entries.
/// </summary>
public class PointAccount
{
    public long ClientId { get; set; }
    public long Balance { get; set; }

    /// <summary>Every point ever earned (tiers come from this, so spending never demotes).</summary>
    public long LifetimeEarned { get; set; }

    /// <summary>The UTC day <see cref="SpentThatDay"/> counts for (the daily spend limit).</summary>
    public DateOnly? SpentOn { get; set; }

    public long SpentThatDay { get; set; }
    public DateTime UpdatedAt { get; set; }
}
