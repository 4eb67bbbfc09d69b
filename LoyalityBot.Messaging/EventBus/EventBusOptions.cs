namespace LoyalityBot.Messaging.EventBus;

/// <summary>The <c>EventBus</c> configuration section.</summary>
public sealed class EventBusOptions
{
    public const string SectionName = "EventBus";

    /// <summary>The one direct exchange every service publishes to; the routing key is the event type name.</summary>
    public string ExchangeName { get; set; } = "loyalty_event_bus";

    /// <summary>This consumer group's durable queue (replicas of one service share it); also the prefix of its retry and dead-letter queues.</summary>
    public string SubscriptionClientName { get; set; } = "workers";

    /// <summary>Unacknowledged deliveries the broker may push to this consumer at once.</summary>
    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>Deliveries handled in parallel.</summary>
    public ushort ConsumerConcurrency { get; set; } = 4;

    /// <summary>Attempts before a message is dead-lettered (the first delivery counts).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Delay before retry n (1-based) is element n-1; the last one repeats. Each is a TTL queue. Unset means
    /// 1 s, 5 s, 30 s, 2 min (a default array would be appended to, not replaced, by configuration binding).
    /// </summary>
    public TimeSpan[]? RetryDelays { get; set; }

    internal TimeSpan[] Delays => RetryDelays is { Length: > 0 } delays ? delays : DefaultRetryDelays;

    private static readonly TimeSpan[] DefaultRetryDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    /// <summary>Channels publishing at once (each waits for its own confirms).</summary>
    public int PublisherChannels { get; set; } = 8;

    /// <summary>How long a publish may wait for the broker's confirm before it counts as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long shutdown waits for in-flight handlers; the rest are requeued when the channel closes.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the queue and outbox monitors refresh their gauges (depth, dead letters, oldest ages).</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal string RetryQueue(int retry) => $"{SubscriptionClientName}.retry.{retry}";

    internal string DeadLetterQueue => $"{SubscriptionClientName}.dlq";

    /// <summary>The delay queues used: one per configured delay, but never more than the retries that can happen.</summary>
    internal int RetryQueueCount => Math.Max(1, Math.Min(Delays.Length, MaxAttempts - 1));

    internal string? Validate() =>
        MaxAttempts < 1 ? "EventBus:MaxAttempts must be at least 1."
        : Delays.Any(d => d <= TimeSpan.Zero) ? "EventBus:RetryDelays must be positive."
        : PrefetchCount == 0 || ConsumerConcurrency == 0 || PublisherChannels < 1 ? "EventBus:PrefetchCount, ConsumerConcurrency and PublisherChannels must be positive."
        : MetricsInterval <= TimeSpan.Zero ? "EventBus:MetricsInterval must be positive."
        : string.IsNullOrWhiteSpace(ExchangeName) || string.IsNullOrWhiteSpace(SubscriptionClientName) ? "EventBus:ExchangeName and SubscriptionClientName are required."
        : null;
}
