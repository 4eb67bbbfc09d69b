using RabbitMQ.Client;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Declares everything idempotently (re-declaring with the same arguments is a no-op): the direct exchange, this
/// consumer group's durable queue bound once per event type, its delay queues and its dead-letter queue.
/// A delay queue has no consumer: its TTL expires the message, which is dead-lettered through the default
/// exchange straight back to the group's own queue (not to other groups that already handled it).
/// </summary>
internal static class RabbitMQTopology
{
    public static Task DeclareExchangeAsync(IChannel channel, EventBusOptions options, CancellationToken ct) =>
        channel.ExchangeDeclareAsync(options.ExchangeName, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: ct);

    public static async Task DeclareConsumerAsync(IChannel channel, EventBusOptions options, IEnumerable<string> eventTypeNames, CancellationToken ct)
    {
        await DeclareExchangeAsync(channel, options, ct);
        var queue = options.SubscriptionClientName;
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        foreach (var eventTypeName in eventTypeNames)
        {
            await channel.QueueBindAsync(queue, options.ExchangeName, eventTypeName, cancellationToken: ct);
        }
        for (var retry = 1; retry <= options.RetryQueueCount; retry++)
        {
            await channel.QueueDeclareAsync(options.RetryQueue(retry), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["x-message-ttl"] = (long)options.Delays[Math.Min(retry, options.Delays.Length) - 1].TotalMilliseconds,
                    ["x-dead-letter-exchange"] = "",
                    ["x-dead-letter-routing-key"] = queue,
                }, cancellationToken: ct);
        }
        await channel.QueueDeclareAsync(options.DeadLetterQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
    }
}
