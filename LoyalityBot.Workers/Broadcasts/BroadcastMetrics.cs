using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LoyalityBot.Workers.Broadcasts;

/// <summary>
/// Meter <c>LoyalityBot.Workers.Broadcasts</c>: <c>broadcast.messages</c> by outcome, <c>broadcast.resent</c> (in
/// doubt after a crash, sent again) and the gauge <c>broadcast.progress</c> (sent, failed, skipped, remaining) of
/// each broadcast this process is sending.
/// </summary>
public sealed class BroadcastMetrics
{
    public const string MeterName = "LoyalityBot.Workers.Broadcasts";

    private readonly Counter<long> messages;
    private readonly Counter<long> resent;
    private readonly ConcurrentDictionary<long, BroadcastProgress> active = new();

    public BroadcastMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        messages = meter.CreateCounter<long>("broadcast.messages", description: "Broadcast recipients done, by outcome");
        resent = meter.CreateCounter<long>("broadcast.resent", description: "Recipients in doubt after a crash, sent again");
        meter.CreateObservableGauge("broadcast.progress", Observe, description: "Recipients of each broadcast being sent, by state");
    }

    public void Done(string outcome) => messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void InDoubt(int count) => resent.Add(count);

    public void Report(long broadcastId, BroadcastProgress progress) => active[broadcastId] = progress;

    public void Finished(long broadcastId) => active.TryRemove(broadcastId, out _);

    private IEnumerable<Measurement<int>> Observe()
    {
        foreach (var (id, progress) in active)
        {
            var broadcast = new KeyValuePair<string, object?>("broadcast_id", id);
            yield return new(progress.Sent, broadcast, new("state", "sent"));
            yield return new(progress.Failed, broadcast, new("state", "failed"));
            yield return new(progress.Skipped, broadcast, new("state", "skipped"));
            yield return new(progress.Remaining, broadcast, new("state", "remaining"));
        }
    }
}
