using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LoyalityBot.Messaging.EventBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace LoyalityBot.Messaging.Metrics;

/// <summary>
/// This consumer group's queues as the broker holds them, without the management plugin: a passive declare of each
/// queue answers its ready-message count (<c>messaging.queue.depth</c> by queue; the dead-letter queue's also as
/// <c>messaging.dlq.size</c>). A peek at a queue's head (basic.get, then a requeue to the same place) dates the
/// message that has waited longest: the group queue's as <c>messaging.queue.oldest_age</c> (a backlog the consumers
/// do not keep up with shows here long before the deliveries' own <c>messaging.message.age</c> does), the
/// dead-letter queue's as <c>messaging.dlq.oldest_age</c> (seconds). An empty queue is not peeked and reports 0, so
/// a consumer that keeps up never sees the monitor take a message.
/// </summary>
public sealed class QueueMonitor : PollingMonitor
{
    private static readonly ConcurrentDictionary<QueueMonitor, byte> Live = new();

    static QueueMonitor()
    {
        MessagingMetrics.Meter.CreateObservableGauge("messaging.queue.depth",
            () => Live.Keys.SelectMany(m => m.depths.Select(d => new Measurement<long>(d.Value, MessagingMetrics.Tag("queue", d.Key)))),
            "{message}", "Messages ready in each queue of the group (its own, its delay queues, its dead-letter queue)");
        MessagingMetrics.Meter.CreateObservableGauge("messaging.dlq.size",
            () => Live.Keys.Select(m => new Measurement<long>(m.depths.GetValueOrDefault(m.settings.DeadLetterQueue), MessagingMetrics.Tag("queue", m.settings.DeadLetterQueue))),
            "{message}", "Messages in the group's dead-letter queue");
        MessagingMetrics.Meter.CreateObservableGauge("messaging.queue.oldest_age",
            () => Live.Keys.Select(m => new Measurement<double>(m.oldestReadyAge, MessagingMetrics.Tag("queue", m.settings.SubscriptionClientName))),
            "s", "Age (since its first publish) of the message at the head of the group's queue (0 when none is waiting)");
        MessagingMetrics.Meter.CreateObservableGauge("messaging.dlq.oldest_age",
            () => Live.Keys.Select(m => new Measurement<double>(m.oldestDeadLetterAge, MessagingMetrics.Tag("queue", m.settings.DeadLetterQueue))),
            "s", "Age of the oldest dead letter (0 when empty)");
    }

    private readonly IConnection connection;
    private readonly EventBusOptions settings;
    private readonly TimeProvider clock;
    private IChannel? channel;
    private volatile IReadOnlyDictionary<string, long> depths = new Dictionary<string, long>();
    private double oldestReadyAge;
    private double oldestDeadLetterAge;

    public QueueMonitor(IConnection connection, IOptions<EventBusOptions> options, TimeProvider clock, ILogger<QueueMonitor> logger)
        : base(options.Value.MetricsInterval, logger)
    {
        this.connection = connection;
        settings = options.Value;
        this.clock = clock;
        Live[this] = 0;
    }

    public override async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes the channel, so take a fresh one after any failure.
        if (channel is not { IsOpen: true })
        {
            channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        }
        try
        {
            await ReadQueuesAsync(channel, cancellationToken);
        }
        catch
        {
            // An RPC cancelled half-way (the service stopping) leaves the channel expecting a reply that belongs to
            // no one, and a peeked message unacked on it: closing it requeues the message, and the next refresh
            // starts on a new channel instead of waiting for that reply until the RPC timeout.
            var broken = channel;
            channel = null;
            await broken.DisposeAsync();
            throw;
        }
    }

    private async Task ReadQueuesAsync(IChannel peek, CancellationToken cancellationToken)
    {
        var queues = new[] { settings.SubscriptionClientName, settings.DeadLetterQueue }
            .Concat(Enumerable.Range(1, settings.RetryQueueCount).Select(settings.RetryQueue));
        var counts = new Dictionary<string, long>();
        foreach (var queue in queues)
        {
            counts[queue] = (await peek.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        depths = counts;
        Volatile.Write(ref oldestReadyAge, await HeadAgeAsync(peek, settings.SubscriptionClientName, counts, cancellationToken));
        Volatile.Write(ref oldestDeadLetterAge, await HeadAgeAsync(peek, settings.DeadLetterQueue, counts, cancellationToken));
    }

    private async Task<double> HeadAgeAsync(IChannel peek, string queue, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        if (counts[queue] == 0 || await peek.BasicGetAsync(queue, autoAck: false, cancellationToken) is not { } head)
        {
            return 0; // empty, or a consumer took the last message since the count
        }
        // Back to the head of the queue, unchanged.
        await peek.BasicNackAsync(head.DeliveryTag, multiple: false, requeue: true, cancellationToken);
        return RabbitMQEventBus.PublishedAt(head.BasicProperties) is { } published
            ? Math.Max(0, (clock.GetUtcNow() - published).TotalSeconds)
            : 0;
    }

    public override void Dispose()
    {
        Live.TryRemove(this, out _);
        channel?.Dispose();
        base.Dispose();
    }
}
