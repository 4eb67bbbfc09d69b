using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.Metrics;
using LoyalityBot.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Messaging.Tests;

/// <summary>The messaging meter's instruments report what really happened on the broker and in the outbox.</summary>
public sealed class MetricsTests(LoyaltyDatabase db) : IClassFixture<LoyaltyDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_metrics_report_processing_retries_dead_letters_and_the_backlog_of_a_stopped_consumer()
    {
        using var recorded = new Recorder();
        var settings = BusHost.Isolated((await TestServers.RabbitMQAsync()).ConnectionString);
        var group = settings["EventBus:SubscriptionClientName"]!;
        await using var host = await BusHost.StartAsync(settings);
        var poison = new SomethingHappenedIntegrationEvent(-1, Poison: true);

        await host.Bus.PublishAsync(poison, Ct);
        for (var n = 1; n <= 20; n++)
        {
            await host.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(n), Ct);
        }
        await host.Sink.WaitUntilAsync(s => s.Count(d => d.Event.Id != poison.Id) == 20, TimeSpan.FromSeconds(20));
        await WaitAsync(async () => (await host.DeadLetters.InspectAsync(5, Ct)).Count == 1);
        await host.StopAsync();
        for (var n = 21; n <= 25; n++)
        {
            await host.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(n), Ct);
        }
        await host.Services.GetServices<IHostedService>().OfType<QueueMonitor>().Single().RefreshAsync(Ct);
        recorded.Observe();

        Assert.Equal(5, recorded.Last("messaging.queue.depth", "queue", group));
        Assert.Equal(0, recorded.Last("messaging.queue.depth", "queue", $"{group}.retry.1"));
        Assert.Equal(1, recorded.Last("messaging.queue.depth", "queue", $"{group}.dlq"));
        Assert.Equal(1, recorded.Last("messaging.dlq.size", "queue", $"{group}.dlq"));
        Assert.InRange(recorded.Last("messaging.dlq.oldest_age", "queue", $"{group}.dlq"), 0.01, 60);
        // Three attempts of the poison message: two retries, then the dead-letter queue.
        Assert.Equal(2, recorded.Sum("messaging.process.failures", "group", group, ("next", "retry")));
        Assert.Equal(1, recorded.Sum("messaging.process.failures", "group", group, ("next", "dead_letter")));
        Assert.Equal(20, recorded.Count("messaging.process.duration", "group", group, ("outcome", "success")));
        Assert.Equal(3, recorded.Count("messaging.process.duration", "group", group, ("outcome", "failure")));
        Assert.Equal(23, recorded.Count("messaging.message.age", "group", group));
    }

    [Fact]
    public async Task The_oldest_waiting_message_of_the_group_queue_is_dated_by_a_peek_that_takes_nothing_away()
    {
        using var recorded = new Recorder();
        var settings = BusHost.Isolated((await TestServers.RabbitMQAsync()).ConnectionString);
        var group = settings["EventBus:SubscriptionClientName"]!;
        var sink = new EventSink();
        await using var stopped = await BusHost.StartAsync(settings, sink: sink);
        var monitor = stopped.Services.GetServices<IHostedService>().OfType<QueueMonitor>().Single();
        await stopped.StopAsync(); // the topology stays; nobody consumes now

        await monitor.RefreshAsync(Ct);
        recorded.Observe();
        var empty = recorded.Last("messaging.queue.oldest_age", "queue", group);
        await stopped.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(1), Ct);
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        await stopped.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(2), Ct);
        await monitor.RefreshAsync(Ct);
        // Further peeks find the same head: the first one put it back. The broker applies a requeue and a publish
        // asynchronously, so the count may lag one refresh behind; it must come back to 2 (nothing taken away).
        var depth = 0.0;
        for (var attempt = 0; attempt < 50 && depth != 2; attempt++)
        {
            await monitor.RefreshAsync(Ct);
            recorded.Observe();
            depth = recorded.Last("messaging.queue.depth", "queue", group);
            await Task.Delay(depth == 2 ? 0 : 100, Ct);
        }
        var waiting = recorded.Last("messaging.queue.oldest_age", "queue", group);

        // A consumer started now gets both messages, each once. (Disposed before the last reading: its own monitor
        // reports the same queue.)
        var consumer = await BusHost.StartAsync(settings, sink: sink);
        await using (consumer)
        {
            await sink.WaitUntilAsync(s => s.Deliveries.Count == 2, TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct); // a third delivery would arrive now
        }
        await monitor.RefreshAsync(Ct);
        recorded.Observe();

        Assert.Equal(0, empty);
        Assert.InRange(waiting, 1.4, 60);
        Assert.Equal(2, depth);
        Assert.Equal([1, 2], sink.Deliveries.Select(d => ((SomethingHappenedIntegrationEvent)d.Event).Number).Order());
        Assert.Equal(0, recorded.Last("messaging.queue.oldest_age", "queue", group));
    }

    [Fact]
    public async Task Outbox_metrics_report_the_pending_events_and_how_long_the_oldest_has_waited()
    {
        using var recorded = new Recorder();
        var monitor = new OutboxMonitor(db.Primary, Options.Create(new EventBusOptions()), NullLogger<OutboxMonitor>.Instance);
        var database = new NpgsqlConnectionStringBuilder(db.Primary.ConnectionString).Database!;
        var written = DateTime.UtcNow.AddMinutes(-2);
        var events = Enumerable.Range(0, 3).Select(n => new PointsAccruedIntegrationEvent(n, 0, LoyaltyDatabase.PartnerId, 1, null) { CreationDate = written.AddSeconds(n) }).ToArray();
        await using (var connection = await db.Primary.OpenConnectionAsync(Ct))
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await OutboxWriter.WriteAsync(connection, transaction, events, Ct);
            await transaction.CommitAsync(Ct);
        }

        await monitor.RefreshAsync(Ct);
        recorded.Observe();
        var pending = recorded.Last("messaging.outbox.pending", "database", database);
        var age = recorded.Last("messaging.outbox.oldest_pending_age", "database", database);
        await using (var markSent = db.Primary.CreateCommand("UPDATE integration_event_outbox SET sent_at = now(), times_sent = 1 WHERE sent_at IS NULL"))
        {
            await markSent.ExecuteNonQueryAsync(Ct);
        }
        await monitor.RefreshAsync(Ct);
        recorded.Observe();
        monitor.Dispose();

        Assert.Equal(3, pending);
        Assert.InRange(age, 120, 600);
        Assert.Equal(0, recorded.Last("messaging.outbox.pending", "database", database));
        Assert.Equal(0, recorded.Last("messaging.outbox.oldest_pending_age", "database", database));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>Every measurement of the messaging meter from now on, with its tags (other tests' too: filter by your own tags).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)> measurements = new();

        public Recorder()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MessagingMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Add(i, value, tags));
            listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Add(i, value, tags));
            listener.Start();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Enqueue((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));

        /// <summary>Reads the gauges now.</summary>
        public void Observe() => listener.RecordObservableInstruments();

        private IEnumerable<double> Values(string name, string tag, string value, (string Tag, string Value)? also) => measurements
            .Where(m => m.Name == name && Equals(m.Tags.GetValueOrDefault(tag), value)
                && (also is not { } extra || Equals(m.Tags.GetValueOrDefault(extra.Tag), extra.Value)))
            .Select(m => m.Value);

        public double Last(string name, string tag, string value) => Values(name, tag, value, null).Last();

        public double Sum(string name, string tag, string value, (string, string) also) => Values(name, tag, value, also).Sum();

        public int Count(string name, string tag, string value, (string, string)? also = null) => Values(name, tag, value, also).Count();

        public void Dispose() => listener.Dispose();
    }
}
