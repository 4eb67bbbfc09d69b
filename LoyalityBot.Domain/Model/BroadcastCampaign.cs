namespace LoyalityBot.Domain.Model;

/// <summary>A partner's broadcast to its clients; at most one per partner and UTC day.</summary>
public class BroadcastCampaign
{
    public long Id { get; set; }
    public long PartnerId { get; set; }
    public BroadcastAudience Audience { get; set; }
    public required string Text { get; set; }

    /// <summary>The UTC day the broadcast counts against (unique per partner).</summary>
    public DateOnly SentOn { get; set; }

    public int RecipientCount { get; set; }
    public BroadcastStatus Status { get; set; } = BroadcastStatus.Scheduled;
    public DateTime CreatedAt { get; set; }
}
