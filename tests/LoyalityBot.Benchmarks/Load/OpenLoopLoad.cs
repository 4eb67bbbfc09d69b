using System.Diagnostics;

namespace LoyalityBot.Benchmarks.Load;

/// <summary>
/// An HTTP load generator without coordinated omission (the wrk2 model): request i is due at start + i / rate,
/// whatever the server's pace, and its latency counts from that due time. A server that falls behind therefore shows
/// the queueing delay it causes instead of slowing the generator down (which a closed loop such as wrk would do).
/// Every latency is kept, so the percentiles are exact.
/// </summary>
internal sealed class OpenLoopLoad(HttpClient http)
{
    /// <summary>Sends <paramref name="rate"/> requests per second for <paramref name="duration"/>.</summary>
    public async Task<LoadResult> RunAsync(Func<long, HttpRequestMessage> request, double rate, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = Math.Max(1, (long)(rate * duration.TotalSeconds));
        var latencies = new double[total];
        var failed = 0L;
        var tasks = new List<Task>((int)total);
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < total)
        {
            // Everything due by now goes out at once; the latency clock of each started at its own due time.
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate) + 1);
            for (; sent < due; sent++)
            {
                var index = sent;
                var dueAt = start + (long)(index * Stopwatch.Frequency / rate);
                tasks.Add(SendAsync(index, dueAt));
            }
            await Task.Delay(1, cancellationToken);
        }
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return LoadResult.From(latencies, failed, elapsed);

        async Task SendAsync(long index, long dueAt)
        {
            try
            {
                using var message = request(index);
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[index] = Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds;
        }
    }

    /// <summary>
    /// A closed loop of <paramref name="concurrency"/> callers for <paramref name="duration"/>: the rate the stack can
    /// sustain, used only to pick the open-loop rate (its latencies are not reported).
    /// </summary>
    public async Task<double> ProbeCapacityAsync(Func<long, HttpRequestMessage> request, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        long next = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                using var message = request(Interlocked.Increment(ref next));
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
        }));
        return next / stopwatch.Elapsed.TotalSeconds;
    }
}

/// <summary>Completed requests per second (successful ones only) and latency percentiles in milliseconds.</summary>
internal sealed record LoadResult(long Requests, long Failed, double Rps, double P50, double P95, double P99, double Max)
{
    public static LoadResult From(double[] latencies, long failed, double seconds)
    {
        Array.Sort(latencies);
        double At(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        return new(latencies.Length, failed, (latencies.Length - failed) / seconds, At(0.50), At(0.95), At(0.99), latencies[^1]);
    }

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Requests} requests, {Failed} failed, {Rps:0} 1/s, p50 {P50:0.00} ms, p95 {P95:0.00} ms, p99 {P99:0.00} ms, max {Max:0.0} ms");
}
