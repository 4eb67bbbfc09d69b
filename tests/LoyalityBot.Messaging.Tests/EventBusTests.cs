using System.Diagnostics;
using LoyalityBot.Hosting.Testing;
using RabbitMQ.Client.Exceptions;

namespace LoyalityBot.Messaging.Tests;

public sealed class EventBusTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static async Task<Dictionary<string, string?>> IsolatedAsync(string? group = null) =>
        BusHost.Isolated((await TestServers.RabbitMQAsync()).ConnectionString, group);

    [Fact]
    public async Task Published_events_reach_the_handler_with_their_payload()
    {
        await using var host = await BusHost.StartAsync(await IsolatedAsync());
        var events = Enumerable.Range(1, 50).Select(n => new SomethingHappenedIntegrationEvent(n)).ToList();

        await Task.WhenAll(events.Select(e => host.Bus.PublishAsync(e, TestContext.Current.CancellationToken)));

        await host.Sink.WaitUntilAsync(s => s.Deliveries.Count >= events.Count, Timeout);
        Assert.Equal(events.OrderBy(e => e.Number), host.Sink.Deliveries.Select(d => d.Event).Cast<SomethingHappenedIntegrationEvent>().OrderBy(e => e.Number));
    }

    [Fact]
    public async Task Replicas_of_one_group_share_its_queue_and_declare_the_topology_idempotently()
    {
        var settings = await IsolatedAsync();
        await using var first = await BusHost.StartAsync(settings);
        await using var second = await BusHost.StartAsync(settings);

        for (var n = 1; n <= 200; n++)
        {
            await first.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(n), TestContext.Current.CancellationToken);
        }

        await first.Sink.WaitUntilAsync(_ => first.Sink.Deliveries.Count + second.Sink.Deliveries.Count >= 200, Timeout);
        var numbers = first.Sink.Deliveries.Concat(second.Sink.Deliveries).Select(d => ((SomethingHappenedIntegrationEvent)d.Event).Number).ToList();
        Assert.Equal(Enumerable.Range(1, 200), numbers.Order());
        Assert.NotEmpty(first.Sink.Deliveries);
        Assert.NotEmpty(second.Sink.Deliveries);
    }

    [Fact]
    public async Task An_event_no_group_subscribes_to_is_returned_and_the_publish_fails()
    {
        await using var host = await BusHost.StartAsync(await IsolatedAsync());

        await Assert.ThrowsAnyAsync<PublishException>(() =>
            host.Bus.PublishAsync(new PointsAccruedIntegrationEvent(1, 2, 3, 4, 5), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_poison_message_is_retried_then_dead_lettered_while_the_others_keep_flowing()
    {
        await using var host = await BusHost.StartAsync(await IsolatedAsync());
        var poison = new SomethingHappenedIntegrationEvent(-1, Poison: true);

        await host.Bus.PublishAsync(poison, TestContext.Current.CancellationToken);
        for (var n = 1; n <= 100; n++)
        {
            await host.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(n), TestContext.Current.CancellationToken);
        }

        await host.Sink.WaitUntilAsync(s => s.Count(d => d.Event.Id != poison.Id) == 100, Timeout);
        var dead = await WaitForDeadLettersAsync(host, 1);
        // Three attempts (MaxAttempts), the first right away, the others after the 100 ms and 200 ms delays.
        Assert.Equal(3, host.Sink.Count(d => d.Event.Id == poison.Id));
        var letter = Assert.Single(dead);
        Assert.Equal(poison.Id.ToString(), letter.MessageId);
        Assert.Equal(nameof(SomethingHappenedIntegrationEvent), letter.EventTypeName);
        Assert.Equal(3, letter.Attempts);
        Assert.Contains("is poison", letter.LastError, StringComparison.Ordinal);
        // Inspecting does not consume.
        Assert.Single(await host.DeadLetters.InspectAsync(10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_replayed_dead_letter_is_handled_again_with_fresh_attempts()
    {
        await using var host = await BusHost.StartAsync(await IsolatedAsync());
        var poison = new SomethingHappenedIntegrationEvent(-1, Poison: true);
        await host.Bus.PublishAsync(poison, TestContext.Current.CancellationToken);
        await WaitForDeadLettersAsync(host, 1);

        host.Sink.Cure();
        Assert.Equal(1, await host.DeadLetters.ReplayAsync(10, TestContext.Current.CancellationToken));

        await host.Sink.WaitUntilAsync(s => s.Count(d => d.Event.Id == poison.Id) == 4, Timeout);
        Assert.Empty(await host.DeadLetters.InspectAsync(10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Trace_context_travels_from_the_publisher_to_the_handler()
    {
        using var source = new ActivitySource("LoyalityBot.Messaging.Tests");
        using var listener = SampleEverything();
        await using var host = await BusHost.StartAsync(await IsolatedAsync());
        var @event = new SomethingHappenedIntegrationEvent(1);

        ActivityTraceId traceId;
        using (var request = source.StartActivity("bot update"))
        {
            traceId = request!.TraceId;
            await host.Bus.PublishAsync(@event, TestContext.Current.CancellationToken);
        }

        await host.Sink.WaitUntilAsync(s => s.Deliveries.Count == 1, Timeout);
        var delivery = Assert.Single(host.Sink.Deliveries);
        Assert.Equal(traceId, delivery.TraceId);
    }

    [Fact]
    public async Task Stopping_lets_the_in_flight_handler_finish_and_leaves_the_rest_for_the_next_replica()
    {
        var settings = await IsolatedAsync();
        settings["EventBus:ConsumerConcurrency"] = "1";
        settings["EventBus:PrefetchCount"] = "10";
        var held = new EventSink { Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var first = await BusHost.StartAsync(settings, sink: held);
        for (var n = 0; n < 10; n++)
        {
            await first.Bus.PublishAsync(new SomethingHappenedIntegrationEvent(n), TestContext.Current.CancellationToken);
        }
        await held.WaitUntilAsync(s => s.Deliveries.Count == 1, Timeout);

        var stopping = first.StopAsync();
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.False(stopping.IsCompleted, "Stop must wait for the in-flight handler.");
        held.Hold!.SetResult();
        await stopping;
        await first.DisposeAsync();

        // The held message was acked; the prefetched ones were requeued, not lost, and go to the next replica.
        await using var second = await BusHost.StartAsync(settings);
        await second.Sink.WaitUntilAsync(s => s.Deliveries.Count >= 10 - held.Deliveries.Count, Timeout);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var all = held.Deliveries.Concat(second.Sink.Deliveries).Select(d => ((SomethingHappenedIntegrationEvent)d.Event).Number).Order();
        Assert.Equal(Enumerable.Range(0, 10), all);
    }

    private static async Task<IReadOnlyList<DeadLetter>> WaitForDeadLettersAsync(BusHost host, int count)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var letters = await host.DeadLetters.InspectAsync(count + 10, TestContext.Current.CancellationToken);
            if (letters.Count >= count)
            {
                return letters;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Only {letters.Count} dead letters after {Timeout}.");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    internal static ActivityListener SampleEverything()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("LoyalityBot.Messaging", StringComparison.Ordinal),
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
