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
/// <c>messaging.dlq.size</c>), and a peek at the dead-letter queue's head (basic.get, then a requeue) dates its
/// oldest message (<c>messaging.dlq.oldest_age</c>, seconds). The group queue's own waiting time is
/// <c>messaging.message.age</c>, measured at each delivery.
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
        MessagingMetrics.Meter.CreateObservableGauge("messaging.dlq.oldest_age",
            () => Live.Keys.Select(m => new Measurement<double>(m.oldestDeadLetterAge, MessagingMetrics.Tag("queue", m.settings.DeadLetterQueue))),
            "s", "Age of the oldest dead letter (0 when empty)");
    }

    private readonly IConnection connection;
    private readonly EventBusOptions settings;
    private readonly TimeProvider clock;
    private IChannel? channel;
    private volatile IReadOnlyDictionary<string, long> depths = new Dictionary<string, long>();
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
        var queues = new[] { settings.SubscriptionClientName, settings.DeadLetterQueue }
            .Concat(Enumerable.Range(1, settings.RetryQueueCount).Select(settings.RetryQueue));
        var counts = new Dictionary<string, long>();
        foreach (var queue in queues)
        {
            counts[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        depths = counts;
        Volatile.Write(ref oldestDeadLetterAge, await OldestDeadLetterAgeAsync(channel, cancellationToken));
    }

    private async Task<double> OldestDeadLetterAgeAsync(IChannel peek, CancellationToken cancellationToken)
    {
        if (await peek.BasicGetAsync(settings.DeadLetterQueue, autoAck: false, cancellationToken) is not { } head)
        {
            return 0;
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
