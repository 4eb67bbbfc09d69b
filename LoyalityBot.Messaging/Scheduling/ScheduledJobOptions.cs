namespace LoyalityBot.Messaging.Scheduling;

/// <summary>The <c>Scheduler</c> section.</summary>
public sealed class ScheduledJobOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>How often each replica checks whether an occurrence is due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);
}
