namespace LoyalityBot.Messaging.Outbox;

/// <summary>The <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Rows one relay claims and publishes per transaction.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Batches one relay runs side by side (each its own transaction and channel), so publishing overlaps the database work.</summary>
    public int Loops { get; set; } = 2;

    /// <summary>How often an idle relay looks for new rows (a full batch is followed at once by the next).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The first wait after a failed batch (broker down); it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(5);

    internal string? Validate() =>
        BatchSize < 1 || Loops < 1 ? "Outbox:BatchSize and Outbox:Loops must be at least 1."
        : PollInterval <= TimeSpan.Zero || InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff ? "Outbox:PollInterval and the backoffs must be positive, MaxBackoff at least InitialBackoff."
        : null;
}
