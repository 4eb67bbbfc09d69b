using System.Diagnostics;
using System.Runtime.ExceptionServices;
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
        if ((await PublishBatchAsync([envelope], cancellationToken))[0] is { } error)
        {
            ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>
    /// Publishes many events on one confirm channel with every confirm outstanding at once (RabbitMQ.Client 7 tracks
    /// each publish; the broker confirms them in bulk), rather than one round trip per event. Returns, per envelope,
    /// null when the broker confirmed it, else why not; nothing is retried here (the outbox keeps the failed ones).
    /// </summary>
    public async Task<Exception?[]> PublishBatchAsync(IReadOnlyList<EventEnvelope> envelopes, CancellationToken cancellationToken = default)
    {
        await EnsureExchangeAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.PublishTimeout);
        return await pool.UseAsync(async channel =>
        {
            var confirms = new (Activity? Span, ValueTask Confirm)[envelopes.Count];
            for (var i = 0; i < envelopes.Count; i++)
            {
                var envelope = envelopes[i];
                var activity = MessagingTelemetry.StartPublish(envelope);
                var properties = NewProperties(envelope.Id.ToString(), envelope.EventTypeName);
                MessagingTelemetry.Inject(activity, envelope, properties.Headers!);
                confirms[i] = (activity, Publish(channel, envelope, properties, timeout.Token));
            }
            var errors = new Exception?[envelopes.Count];
            for (var i = 0; i < confirms.Length; i++)
            {
                using var span = confirms[i].Span;
                try
                {
                    await confirms[i].Confirm;
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    span?.AddException(ex);
                    errors[i] = ex;
                }
            }
            return errors;
        }, timeout.Token);
    }

    /// <summary>Starts one publish; a synchronous failure (a closed channel) becomes the publish's own failed confirm.</summary>
    private ValueTask Publish(IChannel channel, EventEnvelope envelope, BasicProperties properties, CancellationToken cancellationToken)
    {
        try
        {
            return channel.BasicPublishAsync(options.ExchangeName, envelope.EventTypeName, mandatory: true, properties, envelope.Body, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ValueTask.FromException(ex);
        }
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

    internal static BasicProperties NewProperties(string messageId, string eventTypeName)
    {
        var now = DateTimeOffset.UtcNow;
        return new()
        {
            MessageId = messageId,
            Type = eventTypeName,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(now.ToUnixTimeSeconds()),
            // AMQP's timestamp has whole seconds; queue-age metrics want milliseconds.
            Headers = new Dictionary<string, object?> { [PublishedAtHeader] = now.ToUnixTimeMilliseconds() },
        };
    }

    internal const string PublishedAtHeader = "x-published-at";

    /// <summary>When the message was first published (retry and dead-letter copies keep the header), if it says.</summary>
    internal static DateTimeOffset? PublishedAt(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(PublishedAtHeader, out var value) == true && value is long milliseconds
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

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
