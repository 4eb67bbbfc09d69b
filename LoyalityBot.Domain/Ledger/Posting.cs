using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Ledger;

/// <summary>One balance change and its entry, as the ledger writes them with a single conditional statement.</summary>
internal sealed record Posting(long ClientId, LedgerEntryKind Kind, long Amount, string IdempotencyKey)
{
    /// <summary>Added to the lifetime-earned total (tiers): the amount for earnings, minus it for their reversal.</summary>
    public long EarnedDelta { get; init; }

    /// <summary>Whether a debit counts against the client's daily spend limit.</summary>
    public bool CountsTowardDailySpend { get; init; }

    public byte[]? RequestHash { get; init; }
    public long? PartnerId { get; init; }
    public long? PromotionId { get; init; }
    public decimal? PurchaseAmount { get; init; }
    public string? PurchaseCurrency { get; init; }
    public string? Source { get; init; }
    public long? RelatedEntryId { get; init; }
    public long? RelatedClientId { get; init; }
}

/// <summary>What a posting wrote.</summary>
internal readonly record struct PostedEntry(long EntryId, long ClientId, long Amount, long BalanceAfter);

/// <summary>A debit the account could not cover (balance or daily limit); the whole operation rolls back.</summary>
internal sealed class PostingDeclinedException(Posting posting) : Exception($"Posting {posting.IdempotencyKey} declined")
{
    public Posting Posting { get; } = posting;
}
