using System.Diagnostics;
using System.Text.Json;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Publishes to the direct exchange with the event type name as routing key: persistent, mandatory, and awaited
/// until the broker confirms it. A nack or an unroutable message (no consumer group bound yet: the handled
/// <c>basic.return</c>) surfaces as <see cref="RabbitMQ.Client.Exceptions.PublishException"/>, so the caller (the
/// outbox relay) keeps the event and tries again.
/// </summary>
public sealed class RabbitMQEventBus : IEventBus, IAsyncDisposable
{
    private readonly EventBusOptions options;
    private readonly EventBusSubscriptionInfo subscriptions;
    private readonly PublisherChannelPool pool;
    private readonly SemaphoreSlim exchangeDeclared = new(1, 1);
    private bool declared;

    public RabbitMQEventBus(IConnection connection, IOptions<EventBusOptions> options, IOptions<EventBusSubscriptionInfo> subscriptions)
    {
        this.options = options.Value;
        this.subscriptions = subscriptions.Value;
        pool = new PublisherChannelPool(connection, this.options.PublisherChannels);
    }

    public Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken = default)
    {
        var current = Activity.Current;
        var body = JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), subscriptions.JsonSerializerOptions);
        return PublishAsync(new EventEnvelope(@event.Id, @event.GetType().Name, body, current?.Id, current?.TraceStateString), cancellationToken);
    }

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        await EnsureExchangeAsync(cancellationToken);
        using var activity = MessagingTelemetry.StartPublish(envelope);
        var properties = NewProperties(envelope.Id.ToString(), envelope.EventTypeName);
        MessagingTelemetry.Inject(activity, envelope, properties.Headers!);
        await PublishAsync(options.ExchangeName, envelope.EventTypeName, properties, envelope.Body, cancellationToken);
    }

    /// <summary>Publishes with confirms and mandatory routing to any exchange (the default one addresses a queue by name).</summary>
    internal async Task PublishAsync(string exchange, string routingKey, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        await pool.UseAsync(async channel =>
        {
            await channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body, timeout.Token);
            return true;
        }, timeout.Token);
    }

    internal static BasicProperties NewProperties(string messageId, string eventTypeName) => new()
    {
        MessageId = messageId,
        Type = eventTypeName,
        ContentType = "application/json",
        DeliveryMode = DeliveryModes.Persistent,
        Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        Headers = new Dictionary<string, object?>(),
    };

    private async Task EnsureExchangeAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref declared))
        {
            return;
        }
        await exchangeDeclared.WaitAsync(cancellationToken);
        try
        {
            if (!declared)
            {
                await pool.UseAsync(async channel =>
                {
                    await RabbitMQTopology.DeclareExchangeAsync(channel, options, cancellationToken);
                    return true;
                }, cancellationToken);
                Volatile.Write(ref declared, true);
            }
        }
        finally
        {
            exchangeDeclared.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await pool.DisposeAsync();
        exchangeDeclared.Dispose();
    }
}
