using System.Collections.Concurrent;
using System.Diagnostics;

namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>What the handlers of one test host saw: every delivery, its trace, and waits with a bounded timeout.</summary>
public sealed class EventSink
{
    private readonly ConcurrentQueue<Delivery> deliveries = new();
    private readonly SemaphoreSlim signal = new(0);

    public sealed record Delivery(IntegrationEvent Event, ActivityTraceId? TraceId, ActivitySpanId? ParentSpanId);

    public bool Cured { get; private set; }

    /// <summary>While set, <see cref="RecordingHandler"/> holds event number 0 here (an in-flight message at shutdown).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public IReadOnlyCollection<Delivery> Deliveries => deliveries;

    public void Cure() => Cured = true;

    public void Record(IntegrationEvent @event)
    {
        var activity = Activity.Current;
        deliveries.Enqueue(new Delivery(@event, activity?.TraceId, activity?.ParentSpanId));
        signal.Release();
    }

    public int Count(Func<Delivery, bool> predicate) => deliveries.Count(predicate);

    /// <summary>Waits until <paramref name="done"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<EventSink, bool> done, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        while (!done(this))
        {
            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {timeout} with {deliveries.Count} deliveries.");
            }
        }
    }
}
