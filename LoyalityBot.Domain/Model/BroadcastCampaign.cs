namespace LoyalityBot.Domain.Model;

/// <summary>
/// A broadcast: a partner's to its own clients (at most one per partner and UTC day, at most 500 recipients), or an
/// admin's to all clients or all partners, optionally filtered by city and category. Created with its outbox event by
/// <c>BroadcastService</c>; the workers materialize <see cref="BroadcastRecipient"/> rows once and send resumably.
/// </summary>
public class BroadcastCampaign
{
    public long Id { get; set; }
    public BroadcastInitiator Initiator { get; set; }

    /// <summary>The Telegram user id of whoever asked for it (the partner's, or the admin's).</summary>
    public long InitiatedBy { get; set; }

    /// <summary>The partner whose clients receive it; null for an admin's broadcast.</summary>
    public long? PartnerId { get; set; }

    public BroadcastTarget Target { get; set; }

    /// <summary>Which of the partner's clients (partner broadcasts only).</summary>
    public BroadcastAudience? Audience { get; set; }

    /// <summary>Admin filter: only clients or partners in this city.</summary>
    public int? CityId { get; set; }

    /// <summary>Admin filter: partners of this category, or clients who visited one.</summary>
    public string? Category { get; set; }

    public required string Text { get; set; }

    /// <summary>The UTC day the broadcast counts against (unique per partner).</summary>
    public DateOnly SentOn { get; set; }

    /// <summary>Recipients materialized by the worker (0 until then).</summary>
    public int RecipientCount { get; set; }

    // Progress, recounted from broadcast_recipients by the sending worker; remaining = recipients − the three.
    public int SentCount { get; set; }
    public int FailedCount { get; set; }
    public int SkippedCount { get; set; }

    public BroadcastStatus Status { get; set; } = BroadcastStatus.Scheduled;
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
}
