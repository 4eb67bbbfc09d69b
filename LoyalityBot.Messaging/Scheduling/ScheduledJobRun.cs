namespace LoyalityBot.Messaging.Scheduling;

/// <summary>One occurrence of a scheduled job: claimed by one replica, finished once.</summary>
public sealed class ScheduledJobRun
{
    public required string Job { get; set; }
    /// <summary>The occurrence: the start of the period it belongs to.</summary>
    public DateTime DueAt { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Runner { get; set; }
}
