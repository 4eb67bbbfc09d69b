using System.Diagnostics;
using System.Runtime.Versioning;
using LoyalityBot.Hosting;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// Seconds from start to all-healthy for the AppHost's whole app model, with the build already done:
/// once cold (empty state: initdb, pg_basebackup, a new RabbitMQ node) and three times warm (the usual
/// `./build.sh run`). The headline is the median warm start. Each start also prints when every resource started and
/// became ready, and the CPU each had used by then: the path and the cost to cut.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StartupBenchmark : IBenchmark
{
    private const int WarmRuns = 3;

    public string Name => "startup";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var state = TestStateDirectory.Create("bench-startup");
        var cold = await MeasureAsync(state, cancellationToken);
        BenchmarkReport.Progress($"cold start (empty state directory): {cold:0.00} s");
        var warm = new List<double>();
        for (var run = 1; run <= WarmRuns; run++)
        {
            warm.Add(await MeasureAsync(state, cancellationToken));
            BenchmarkReport.Progress($"warm start {run}/{WarmRuns}: {warm[^1]:0.00} s");
        }
        BenchmarkReport.Figure("startup_cold_seconds", cold, "s");
        BenchmarkReport.Figure("startup_seconds", warm.Order().ElementAt(WarmRuns / 2), "s");
    }

    private static async Task<double> MeasureAsync(string state, CancellationToken cancellationToken)
    {
        var builder = DistributedApplicationTestingBuilder.Create(state, disableDashboard: false, "--Dashboard:Port=0", "--Dashboard:OtlpHttpPort=0");
        var stopwatch = Stopwatch.StartNew();
        var apphostCpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        await using var app = builder.Build();
        using var measuring = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeline = RecordTimelineAsync(app, stopwatch, measuring.Token);
        double seconds;
        try
        {
            await app.StartAsync(cancellationToken);
            await app.Orchestrator.WaitForAllHealthyAsync(cancellationToken);
            seconds = stopwatch.Elapsed.TotalSeconds;
            ReportCpuTime(app, apphostCpuAtStart);
        }
        finally
        {
            await measuring.CancelAsync(); // a failed start ends the sampling too
        }
        BenchmarkReport.Progress($"started/ready at (s): {await timeline}");
        await app.StopAsync();
        BenchmarkReport.Progress($"stopped in {app.Orchestrator.StoppedIn.TotalSeconds:0.0} s");
        return seconds;
    }

    /// <summary>When each resource started and became ready (healthy, or finished for a job), sampled every 50 ms.</summary>
    private static async Task<string> RecordTimelineAsync(DistributedApplication app, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        var startedAt = DateTime.UtcNow;
        var ready = new Dictionary<string, (double Started, double Ready)>();
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var resource in app.Orchestrator?.GetResources() ?? [])
            {
                if (resource is { Health: "Healthy" } or { State: "Finished" } && !ready.ContainsKey(resource.Name))
                {
                    ready[resource.Name] = (((resource.StartedAt ?? startedAt) - startedAt).TotalSeconds, stopwatch.Elapsed.TotalSeconds);
                }
            }
            await Task.Delay(50, CancellationToken.None);
        }
        return string.Join(", ", ready.OrderBy(r => r.Value.Ready).Select(r => $"{r.Key} {r.Value.Started:0.0}/{r.Value.Ready:0.0}"));
    }

    /// <summary>
    /// Where the start's CPU went, by all-healthy: the start is CPU-bound on 2 cores, so this is what to cut.
    /// A job that has exited (the migrations) is not counted; this process stands in for the AppHost.
    /// </summary>
    private static void ReportCpuTime(DistributedApplication app, TimeSpan apphostCpuAtStart)
    {
        var used = app.Orchestrator.GetResources()
            .Select(r => (r.Name, Seconds: app.Orchestrator.CpuTime(r.Name).TotalSeconds))
            .Append((Name: "apphost", Seconds: (Process.GetCurrentProcess().TotalProcessorTime - apphostCpuAtStart).TotalSeconds))
            .Where(r => r.Seconds > 0)
            .OrderByDescending(r => r.Seconds)
            .ToList();
        BenchmarkReport.Progress($"CPU by all-healthy: {used.Sum(r => r.Seconds):0.0} s; {string.Join(", ", used.Select(r => $"{r.Name} {r.Seconds:0.0}"))}");
    }
}
