using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// A replica whose real process exits at once is restarted with backoff: 1 s doubling to 30 s, back to the start
/// after a long run. Observed through the replica's log lines and their timestamps.
/// </summary>
public sealed class ReplicaRestartBackoffTests
{
    private static readonly ProcessSpec ExitsAtOnce = new("sh", ["-c", "exit 3"]);

    [Fact]
    public void The_default_backoff_doubles_from_1_second_to_30_and_starts_over_after_a_minute_of_running()
    {
        var backoff = RestartBackoff.Default;
        var quickExit = TimeSpan.FromSeconds(2);
        var delays = new List<TimeSpan>();
        TimeSpan? delay = null;
        for (var i = 0; i < 7; i++)
        {
            delays.Add((delay = backoff.Next(delay, quickExit)).Value);
        }

        Assert.Equal([1, 2, 4, 8, 16, 30, 30], delays.Select(d => d.TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61)));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Next(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(59)));
    }

    [Fact]
    public async Task A_process_that_keeps_exiting_is_restarted_after_1_then_2_then_4_seconds()
    {
        var log = await SuperviseUntilRestartedAsync(() => ExitsAtOnce, backoff: null, restarts: 3);

        var restarts = RestartLines(log);
        Assert.Equal(["restarting in 1 s", "restarting in 2 s", "restarting in 4 s"], restarts.Take(3).Select(l => l.Text));
        // Each exit came no sooner than the delay announced before it: the process really was started that much later.
        AssertWaited(restarts[0], restarts[1], TimeSpan.FromSeconds(1));
        AssertWaited(restarts[1], restarts[2], TimeSpan.FromSeconds(2));
        Assert.Equal(restarts.Count, log.Count(l => l is { Source: "crasher-0", Text: "exited with code 3", IsError: true }));
    }

    /// <summary>The same supervisor on a scaled-down backoff, so that the cap and the reset show in seconds.</summary>
    [Fact]
    public async Task The_backoff_stops_doubling_at_its_cap_and_starts_over_after_a_long_run()
    {
        var backoff = new RestartBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), HealthyRun: TimeSpan.FromSeconds(2));
        var starts = 0;
        // The fifth process runs past HealthyRun before it exits; the others exit at once.
        ProcessSpec NextProcess() => Interlocked.Increment(ref starts) == 5 ? new ProcessSpec("sh", ["-c", "sleep 3; exit 3"]) : ExitsAtOnce;
        var log = await SuperviseUntilRestartedAsync(NextProcess, backoff, restarts: 6);

        var restarts = RestartLines(log);
        Assert.Equal(
            ["restarting in 0.1 s", "restarting in 0.2 s", "restarting in 0.4 s", "restarting in 0.4 s", "restarting in 0.1 s", "restarting in 0.2 s"],
            restarts.Take(6).Select(l => l.Text));
        AssertWaited(restarts[3], restarts[4], TimeSpan.FromSeconds(3)); // the long run itself
    }

    /// <summary>Supervises one replica of <paramref name="nextProcess"/> until it announced that many restarts, stops it, returns its log.</summary>
    private static async Task<IReadOnlyList<LogLine>> SuperviseUntilRestartedAsync(Func<ProcessSpec> nextProcess, RestartBackoff? backoff, int restarts)
    {
        using var runtime = LocalRuntime.Create("backoff");
        using var log = runtime.Log("crasher");
        var replica = new Replica("crasher-0", nextProcess, runtime.Services, log, restartOnExit: true, backoff);

        replica.Start();
        try
        {
            await StackTests.WaitUntilAsync(() => RestartLines(log.Snapshot()).Count >= restarts, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await replica.StopAsync(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(KnownResourceStates.Stopped, replica.State);
        return log.Snapshot();
    }

    private static List<LogLine> RestartLines(IEnumerable<LogLine> log) =>
        [.. log.Where(l => l.Source == "crasher-0" && l.Text.StartsWith("restarting in ", StringComparison.Ordinal))];

    private static void AssertWaited(LogLine announced, LogLine next, TimeSpan delay)
    {
        // Timer and clock granularity: a delay may end a few milliseconds before the clock says it should.
        var waited = next.Timestamp - announced.Timestamp;
        Assert.True(waited >= delay - TimeSpan.FromMilliseconds(20), $"'{announced.Text}', then the next exit after only {waited.TotalMilliseconds:0} ms");
    }
}
