using System.Text;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>A dead-lettered message as an operator sees it.</summary>
public sealed record DeadLetter(string? MessageId, string? EventTypeName, int Attempts, string? LastError, string Body);

/// <summary>Inspects and replays this consumer group's dead-letter queue (an admin tool, not a hot path).</summary>
public sealed class DeadLetterQueue(IConnection connection, RabbitMQEventBus bus, IOptions<EventBusOptions> options)
{
    private readonly EventBusOptions settings = options.Value;

    /// <summary>Reads up to <paramref name="max"/> messages without removing them: closing the channel requeues them unchanged.</summary>
    public async Task<IReadOnlyList<DeadLetter>> InspectAsync(int max, CancellationToken cancellationToken = default)
    {
        var letters = new List<DeadLetter>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        while (letters.Count < max && await channel.BasicGetAsync(settings.DeadLetterQueue, autoAck: false, cancellationToken) is { } message)
        {
            letters.Add(new DeadLetter(
                message.BasicProperties.MessageId,
                message.BasicProperties.Type,
                RabbitMQConsumer.AttemptOf(message.BasicProperties),
                message.BasicProperties.Headers?.TryGetValue(RabbitMQConsumer.ErrorHeader, out var error) == true ? MessagingTelemetry.AsString(error) : null,
                Encoding.UTF8.GetString(message.Body.Span)));
        }
        await channel.CloseAsync(cancellationToken);
        return letters;
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> messages back to the group's queue with a fresh attempt count; each is
    /// removed only after its copy is confirmed. Returns how many were replayed.
    /// </summary>
    public async Task<int> ReplayAsync(int max, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        while (replayed < max && await channel.BasicGetAsync(settings.DeadLetterQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = message.BasicProperties.Headers?
                    .Where(h => h.Key is not RabbitMQConsumer.AttemptHeader and not RabbitMQConsumer.ErrorHeader)
                    .ToDictionary(h => h.Key, h => h.Value) ?? [],
            };
            await bus.PublishAsync("", settings.SubscriptionClientName, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            replayed++;
        }
        await channel.CloseAsync(cancellationToken);
        return replayed;
    }
}
