namespace LoyalityBot.Domain.Model;

/// <summary>A partner's offer, linked to some of its services, optionally payable (in part) with points.</summary>
public class Promotion : IModeratedContent
{
    public long Id { get; set; }
    public long PartnerId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public PromotionType Type { get; set; }

    /// <summary>Free-text discount ("-20 %", "2 for 1") for <see cref="PromotionType.Discount"/>.</summary>
    public string? DiscountText { get; set; }

    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }

    /// <summary>Price in <see cref="Currency"/>; the points share is capped by <see cref="MaxPointsPayment"/>.</summary>
    public decimal Price { get; set; }

    public string Currency { get; set; } = "USD";

    /// <summary>The most points a client may pay towards the price (never above the price in points).</summary>
    public long MaxPointsPayment { get; set; }

    /// <summary>How much of the price one point pays for (1.0 in the original).</summary>
    public decimal PointValue { get; set; } = 1m;

    public Tier? MinTier { get; set; }
    public TierVisibility TierVisibility { get; set; } = TierVisibility.All;
    public VisibilityMode VisibilityMode { get; set; } = VisibilityMode.Public;

    /// <summary>Content hash (hex SHA-256) of the stored image, if any.</summary>
    public string? ImageHash { get; set; }

    public ModerationStatus ApprovalStatus { get; set; } = ModerationStatus.Pending;
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    public List<Service> Services { get; set; } = [];
}
