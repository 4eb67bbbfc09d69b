using System.Collections.Concurrent;
using System.Diagnostics;
using LoyalityBot.TelegramSandbox.Client;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>
/// How long a bot takes to answer, as the sandbox sees it: for each update delivered by webhook, the time from the
/// update being queued (the user's action) and from its delivery starting to the bot's first answer in that chat
/// (sendMessage/sendPhoto/sendDocument, editMessageText or answerCallbackQuery). Webhook delivery is one update at a
/// time per chat, so the chat's update in flight is the one being answered. Queued→answer includes any wait in the
/// sandbox's queue, so a load test that offers updates at a fixed rate measures without coordinated omission.
/// </summary>
public sealed class ReplyLatency
{
    /// <summary>Enough for minutes of load at thousands of updates per second; later samples are only counted.</summary>
    private const int MaxSamples = 2_000_000;

    private readonly ConcurrentDictionary<long, InFlight> _inFlight = new();
    private readonly Lock _gate = new();
    private List<(float QueuedMs, float DeliveredMs)> _samples = [];
    private long _unanswered;

    /// <summary>A webhook delivery of the chat's update starts (again, on a retry: the first start counts).</summary>
    public void Delivering(long key, long queuedAt) => _inFlight.TryAdd(key, new InFlight(queuedAt, Stopwatch.GetTimestamp()));

    /// <summary>The bot answered in the chat: the first answer to the update in flight is recorded.</summary>
    public void Answered(long chatId)
    {
        if (!_inFlight.TryRemove(chatId, out var update))
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_samples.Count < MaxSamples)
            {
                _samples.Add(((float)Stopwatch.GetElapsedTime(update.QueuedAt, now).TotalMilliseconds,
                    (float)Stopwatch.GetElapsedTime(update.DeliveredAt, now).TotalMilliseconds));
            }
        }
    }

    /// <summary>The webhook acknowledged the update: if the bot said nothing in the chat meanwhile, it is unanswered.</summary>
    public void Delivered(long key)
    {
        if (_inFlight.TryRemove(key, out _))
        {
            Interlocked.Increment(ref _unanswered);
        }
    }

    public ReplyLatencyStats Snapshot()
    {
        float[] queued, delivered;
        lock (_gate)
        {
            queued = [.. _samples.Select(s => s.QueuedMs)];
            delivered = [.. _samples.Select(s => s.DeliveredMs)];
        }
        Array.Sort(queued);
        Array.Sort(delivered);
        return new ReplyLatencyStats(queued.Length, Interlocked.Read(ref _unanswered),
            Percentiles(queued), Percentiles(delivered));
    }

    /// <summary>Starts a new measurement (a benchmark after its warm-up).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _samples = [];
            Interlocked.Exchange(ref _unanswered, 0);
        }
    }

    private static LatencyPercentiles Percentiles(float[] sorted) => sorted.Length == 0
        ? new LatencyPercentiles(0, 0, 0, 0)
        : new LatencyPercentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted[^1]);

    private static double At(float[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];

    private readonly record struct InFlight(long QueuedAt, long DeliveredAt);
}
