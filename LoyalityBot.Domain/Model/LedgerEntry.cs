namespace LoyalityBot.Domain.Model;

/// <summary>One append-only movement of points. Entries are never updated or deleted; corrections are reversals.</summary>
public class LedgerEntry
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    public LedgerEntryKind Kind { get; set; }

    /// <summary>Signed points: positive credits, negative debits.</summary>
    public long Amount { get; set; }

    public long BalanceAfter { get; set; }
    public long? PartnerId { get; set; }
    public long? PromotionId { get; set; }
    public decimal? PurchaseAmount { get; set; }
    public string? PurchaseCurrency { get; set; }

    /// <summary>Unique: a retried request finds its original entry instead of applying twice.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the request payload, to tell a retry from a different request reusing the key.</summary>
    public byte[]? RequestHash { get; set; }

    /// <summary>Where the request came from: a Telegram update id, an API request id.</summary>
    public string? Source { get; set; }

    /// <summary>The entry a reversal undoes.</summary>
    public long? RelatedEntryId { get; set; }

    /// <summary>The referee whose registration or purchase paid a referral reward.</summary>
    public long? RelatedClientId { get; set; }

    public DateTime CreatedAt { get; set; }
}
