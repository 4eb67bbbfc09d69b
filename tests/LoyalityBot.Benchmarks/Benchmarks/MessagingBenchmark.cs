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
/// The handler does no work of its own, so this is the pipeline's cost. Then outbox_drain_events_per_s: as many
/// events already waiting in the outbox, drained by freshly started replicas (the relays and consumers alone).
/// Options: --events N (default 50,000), --writers N (default 4).
/// Then the broadcast half: <see cref="BroadcastBenchmark"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MessagingBenchmark : IBenchmark
{
    public string Name => "messaging";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var events = Option(args, "--events", 50_000);
        var writers = Option(args, "--writers", 4);
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
        var replicas = await StartReplicasAsync(settings, database, sink, cancellationToken);
        BenchmarkReport.Progress($"{events} events, {writers} writers, 2 relays + consumers; load average: {await LoadAsync(cancellationToken)}");

        var clock = Stopwatch.StartNew();
        await WriteAsync(database, writers, perWriter, cancellationToken);
        BenchmarkReport.Progress($"written in {clock.Elapsed.TotalSeconds:F1} s");
        await sink.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        clock.Stop();
        await StopAsync(replicas, cancellationToken);

        var latencies = sink.LatenciesMs.Order().ToArray();
        BenchmarkReport.Progress($"consumed {latencies.Length} in {clock.Elapsed.TotalSeconds:F1} s; p50 {latencies[latencies.Length / 2]:F0} ms");
        BenchmarkReport.Figure("outbox_events_per_s", Math.Round(perWriter * writers / clock.Elapsed.TotalSeconds), "1/s");
        BenchmarkReport.Figure("outbox_p95_ms", Math.Round(latencies[(int)(latencies.Length * 0.95)]), "ms");

        // The relays and consumers alone: the same number of events already in the outbox, drained from a cold start.
        var backlog = new LatencySink(perWriter * writers);
        await WriteAsync(database, writers, perWriter, cancellationToken);
        var drain = Stopwatch.StartNew();
        replicas = await StartReplicasAsync(settings, database, backlog, cancellationToken);
        await backlog.AllConsumed.Task.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        drain.Stop();
        await StopAsync(replicas, cancellationToken);
        BenchmarkReport.Figure("outbox_drain_events_per_s", Math.Round(perWriter * writers / drain.Elapsed.TotalSeconds), "1/s");

        await new BroadcastBenchmark().RunAsync(args, cancellationToken);
    }

    /// <summary>Writers putting events into the outbox, 100 per transaction.</summary>
    private static Task WriteAsync(LoyaltyBenchDatabase database, int writers, int perWriter, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var written = 0; written < perWriter; written += 100)
            {
                await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var batch = Enumerable.Range(0, Math.Min(100, perWriter - written))
                    .Select(n => (IntegrationEvent)new PointsAccruedIntegrationEvent(w * perWriter + written + n, 1, 1, 5, 5)).ToList();
                await OutboxWriter.WriteAsync(connection, transaction, batch, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }, cancellationToken)));

    /// <summary>Two replicas (relay + consumer each) on the same database and broker.</summary>
    private static async Task<List<IHost>> StartReplicasAsync(Dictionary<string, string?> settings, LoyaltyBenchDatabase database, LatencySink sink, CancellationToken cancellationToken)
    {
        var replicas = new List<IHost>();
        for (var i = 0; i < 2; i++)
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(database.Primary);
            builder.Services.AddSingleton(sink);
            builder.AddRabbitMqEventBus("messaging").AddSubscription<PointsAccruedIntegrationEvent, LatencyHandler>().AddOutboxRelay();
            var host = builder.Build();
            await host.StartAsync(cancellationToken);
            replicas.Add(host);
        }
        return replicas;
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

    private sealed class LatencyHandler(LatencySink sink) : IIntegrationEventHandler<PointsAccruedIntegrationEvent>
    {
        public Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
        {
            sink.Record(@event);
            return Task.CompletedTask;
        }
    }
}
