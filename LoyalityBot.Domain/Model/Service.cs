namespace LoyalityBot.Domain.Model;

/// <summary>Something a partner sells; visible to clients once a moderator approves it.</summary>
public class Service : IModeratedContent
{
    public long Id { get; set; }
    public long PartnerId { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public int PricePoints { get; set; }
    public required string Category { get; set; }

    /// <summary>Content hash (hex SHA-256) of the stored image, if any (set by the workers' image processing).</summary>
    public string? ImageHash { get; set; }
    public ModerationStatus ApprovalStatus { get; set; } = ModerationStatus.Pending;
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    public List<Promotion> Promotions { get; set; } = [];
}
