namespace LoyalityBot.Messaging.Scheduling;

/// <summary>
/// A job run once per <see cref="Period"/> across all replicas (occurrences start at multiples of the period from
/// the Unix epoch, plus <see cref="Offset"/>: a 1-day period with a 3-hour offset runs daily at 03:00 UTC).
/// A replica that dies mid-run leaves the occurrence unfinished and another runs it again, so make it idempotent.
/// </summary>
public interface IScheduledJob
{
    string Name { get; }
    TimeSpan Period { get; }
    TimeSpan Offset => TimeSpan.Zero;

    Task RunAsync(DateTime dueAt, CancellationToken cancellationToken);
}
