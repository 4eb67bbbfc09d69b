using System.Diagnostics.Metrics;

namespace LoyalityBot.Messaging.Metrics;

/// <summary>
/// The meter <c>LoyalityBot.Messaging</c> (registered with OpenTelemetry by <c>AddRabbitMqEventBus</c>): what the
/// consumer and the relay record as they go. Queue depths and ages are gauges the monitors refresh
/// (<see cref="QueueMonitor"/>, <see cref="OutboxMonitor"/>).
/// </summary>
public static class MessagingMetrics
{
    public const string MeterName = "LoyalityBot.Messaging";

    internal static readonly Meter Meter = new(MeterName);

    internal static readonly Histogram<double> ProcessingTime = Meter.CreateHistogram<double>(
        "messaging.process.duration", "ms", "Time the handlers took per delivery, by group, event type and outcome");

    internal static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "messaging.process.failures", "{message}", "Failed deliveries by group, event type and what happened next (retry, dead_letter)");

    internal static readonly Histogram<double> MessageAge = Meter.CreateHistogram<double>(
        "messaging.message.age", "ms", "Time from the first publish to this delivery (queue wait plus retry delays), by group");

    internal static readonly Counter<long> Published = Meter.CreateCounter<long>(
        "messaging.outbox.published", "{message}", "Outbox events the broker confirmed");

    internal static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
