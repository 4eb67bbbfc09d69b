namespace LoyalityBot.Domain.Model;

/// <summary>One recipient of a broadcast, written once when the worker materializes the audience.</summary>
public class BroadcastRecipient
{
    public long BroadcastId { get; set; }

    /// <summary>The recipient's Telegram user id: a client's id, or a partner's owner id.</summary>
    public long ChatId { get; set; }

    public BroadcastRecipientStatus Status { get; set; } = BroadcastRecipientStatus.Pending;

    /// <summary>Times a worker started sending to them (more than 1 only after a crash at that recipient).</summary>
    public int Attempts { get; set; }

    public DateTime? AttemptedAt { get; set; }
    public DateTime? SentAt { get; set; }

    /// <summary>Why it was skipped or failed.</summary>
    public string? Error { get; set; }
}
