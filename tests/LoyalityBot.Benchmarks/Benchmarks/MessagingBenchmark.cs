using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.Extensions;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// Outbox → RabbitMQ → consumer, end to end, on the real servers: writers insert events into the outbox (100 per
/// transaction) while two relays (two replicas) publish them with confirms and a consumer group takes them.
/// events/s = events / (first write → last consumed); latency = consumed − the event's CreationDate.
/// The handler does no work of its own, so this is the pipeline's cost. The writers outrun the relays there, so that
/// run's p95 is backlog (outbox_backlog_p95_ms); outbox_p95_ms comes from a second run with the writers paced to the
/// goal rate (--rate). Then outbox_drain_events_per_s: as many events already waiting in the outbox, drained by
/// freshly started replicas (the relays and consumers alone).
/// The replicas are warm before anything is timed, as a long-running relay and consumer are in production: first
/// --warmup N events (default 10,000; 0 for none) go through them while the JIT compiles and tiers up their path.
/// Options: --events N (default 50,000), --writers N (default 4), --rate N (default 5,000 events/s), --warmup N.
/// Then the broadcast half: <see cref="BroadcastBenchmark"/> (whose --warmup counts recipients).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MessagingBenchmark : IBenchmark
{
    public string Name => "messaging";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var events = Option(args, "--events", 50_000);
        var writers = Option(args, "--writers", 4);
        var rate = Option(args, "--rate", 5_000);
        var warmup = Option(args, "--warmup", 10_000) / writers;
        await using var database = await LoyaltyBenchDatabase.CreateAsync("messagingbench", 64, cancellationToken);
        BenchmarkReport.Progress("starting RabbitMQ through the AppHost's runner");
        var rabbit = await TestServers.RabbitMQAsync();
        var perWriter = events / writers;
        var sink = new LatencySink(perWriter * writers);
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = rabbit.ConnectionString,
            ["EventBus:ExchangeName"] = $"bench_{Guid.NewGuid():N}",
            ["EventBus:SubscriptionClientName"] = $"bench_{Guid.NewGuid():N}",
            ["EventBus:PrefetchCount"] = "500",
            ["EventBus:ConsumerConcurrency"] = "8",
            ["EventBus:PublisherChannels"] = "32",
            ["Outbox:BatchSize"] = "500",
            ["Outbox:PollInterval"] = "00:00:00.010",
        };
        var warm = new LatencySink(warmup * writers);
        var replicas = await StartReplicasAsync(settings, database, warm, cancellationToken);
        if (warmup > 0)
        {
            var warming = Stopwatch.StartNew();
            await WriteAsync(database, writers, warmup, rate: null, cancellationToken);
            await warm.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
            BenchmarkReport.Progress($"warm-up: {warmup * writers} events written and consumed in {warming.Elapsed.TotalSeconds:F1} s");
        }
        UseSink(replicas, sink);
        BenchmarkReport.Progress($"{events} events, {writers} writers, 2 relays + consumers; load average: {await LoadAsync(cancellationToken)}");

        // Capacity: writers as fast as they can; events/s = events / (first write → last consumed). Its p95 is the
        // wait in the backlog the writers build up when they outrun the relays, reported as outbox_backlog_p95_ms.
        var clock = Stopwatch.StartNew();
        await WriteAsync(database, writers, perWriter, rate: null, cancellationToken);
        BenchmarkReport.Progress($"written in {clock.Elapsed.TotalSeconds:F1} s");
        await sink.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        clock.Stop();
        var latencies = sink.LatenciesMs.Order().ToArray();
        BenchmarkReport.Progress($"consumed {latencies.Length} in {clock.Elapsed.TotalSeconds:F1} s; p50 {latencies[latencies.Length / 2]:F0} ms");
        BenchmarkReport.Figure("outbox_events_per_s", Math.Round(perWriter * writers / clock.Elapsed.TotalSeconds), "1/s");
        BenchmarkReport.Figure("outbox_backlog_p95_ms", Math.Round(latencies[(int)(latencies.Length * 0.95)]), "ms");

        // Latency: the same writers paced to the goal rate (--rate, default 5,000 events/s): a pipeline that keeps up
        // has no backlog, so the p95 is write → consumed of a loaded but not overrun pipeline.
        var paced = new LatencySink(perWriter * writers);
        UseSink(replicas, paced);
        var pacedClock = Stopwatch.StartNew();
        await WriteAsync(database, writers, perWriter, rate, cancellationToken);
        await paced.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        pacedClock.Stop();
        await StopAsync(replicas, cancellationToken);
        var pacedLatencies = paced.LatenciesMs.Order().ToArray();
        BenchmarkReport.Progress($"paced at {rate}/s: consumed {pacedLatencies.Length} in {pacedClock.Elapsed.TotalSeconds:F1} s; p50 {pacedLatencies[pacedLatencies.Length / 2]:F0} ms");
        BenchmarkReport.Figure("outbox_paced_events_per_s", Math.Round(perWriter * writers / pacedClock.Elapsed.TotalSeconds), "1/s");
        BenchmarkReport.Figure("outbox_p95_ms", Math.Round(pacedLatencies[(int)(pacedLatencies.Length * 0.95)]), "ms");

        // The relays and consumers alone: the same number of events already in the outbox, drained from a cold start.
        var backlog = new LatencySink(perWriter * writers);
        await WriteAsync(database, writers, perWriter, rate: null, cancellationToken);
        var drain = Stopwatch.StartNew();
        replicas = await StartReplicasAsync(settings, database, backlog, cancellationToken);
        await backlog.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        drain.Stop();
        await StopAsync(replicas, cancellationToken);
        BenchmarkReport.Figure("outbox_drain_events_per_s", Math.Round(perWriter * writers / drain.Elapsed.TotalSeconds), "1/s");

        await new BroadcastBenchmark().RunAsync(args, cancellationToken);
    }

    /// <summary>Writers putting events into the outbox, 100 per transaction; with a rate, paced to it together.</summary>
    private static Task WriteAsync(LoyaltyBenchDatabase database, int writers, int perWriter, int? rate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var written = 0; written < perWriter; written += 100)
            {
                if (rate is { } perSecond && TimeSpan.FromSeconds((double)written * writers / perSecond) - clock.Elapsed is { Ticks: > 0 } ahead)
                {
                    await Task.Delay(ahead, cancellationToken);
                }
                await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var batch = Enumerable.Range(0, Math.Min(100, perWriter - written))
                    .Select(n => (IntegrationEvent)new PointsAccruedIntegrationEvent(w * perWriter + written + n, 1, 1, 5, 5)).ToList();
                await OutboxWriter.WriteAsync(connection, transaction, batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }, cancellationToken)));
    }

    /// <summary>Two replicas (relay + consumer each) on the same database and broker.</summary>
    private static async Task<List<IHost>> StartReplicasAsync(Dictionary<string, string?> settings, LoyaltyBenchDatabase database, LatencySink sink, CancellationToken cancellationToken)
    {
        var replicas = new List<IHost>();
        for (var i = 0; i < 2; i++)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(database.Primary);
            builder.Services.AddSingleton(new SinkSwitch { Current = sink });
            builder.AddRabbitMqEventBus("messaging").AddSubscription<PointsAccruedIntegrationEvent, LatencyHandler>().AddOutboxRelay();
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            replicas.Add(host);
        }
        return replicas;
    }

    private static void UseSink(List<IHost> replicas, LatencySink sink)
    {
        foreach (var host in replicas)
        {
            host.Services.GetRequiredService<SinkSwitch>().Current = sink;
        }
    }

    private static async Task StopAsync(List<IHost> replicas, CancellationToken cancellationToken)
    {
        foreach (var host in replicas)
        {
            await host.StopAsync(cancellationToken);
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private static async Task<string> LoadAsync(CancellationToken ct) =>
        File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim() : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private sealed class LatencySink(int expected)
    {
        private readonly ConcurrentDictionary<Guid, byte> seen = new();
        public ConcurrentBag<double> LatenciesMs { get; } = [];
        public TaskCompletionSource AllConsumed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Record(IntegrationEvent @event)
        {
            // A redelivery is not a second event.
            if (seen.TryAdd(@event.Id, 0))
            {
                LatenciesMs.Add((DateTime.UtcNow - @event.CreationDate).TotalMilliseconds);
                if (seen.Count >= expected)
                {
                    AllConsumed.TrySetResult();
                }
            }
        }
    }

    /// <summary>Where the replicas' handlers record: the warm-up's sink, the capacity run's, then the paced run's.</summary>
    private sealed class SinkSwitch
    {
        public required LatencySink Current { get; set; }
    }

    private sealed class LatencyHandler(SinkSwitch sinks) : IIntegrationEventHandler<PointsAccruedIntegrationEvent>
    {
        public Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
        {
            sinks.Current.Record(@event);
            return Task.CompletedTask;
        }
    }
}
