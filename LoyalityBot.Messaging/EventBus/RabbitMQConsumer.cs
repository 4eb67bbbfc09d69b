using System.Diagnostics;
using System.Text.Json;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Consumes this group's queue with manual acks, <c>EventBus:PrefetchCount</c> and <c>ConsumerConcurrency</c>.
/// A failed delivery is re-published to the delay queue for its attempt and acked; after <c>MaxAttempts</c> it is
/// re-published to the dead-letter queue instead. A retry or dead-letter copy is confirmed before the original is
/// acked, so a crash in between duplicates a message but never loses one.
/// On stop it cancels the subscription, lets in-flight handlers finish for <c>ShutdownTimeout</c>, then closes the
/// channel, which makes the broker requeue every unacked delivery.
/// </summary>
internal sealed partial class RabbitMQConsumer(
    IConnection connection,
    RabbitMQEventBus bus,
    IServiceScopeFactory scopes,
    IOptions<EventBusOptions> options,
    IOptions<EventBusSubscriptionInfo> subscriptions,
    ILogger<RabbitMQConsumer> logger) : IHostedService, IAsyncDisposable
{
    internal const string AttemptHeader = "x-attempt";
    internal const string ErrorHeader = "x-last-error";

    private readonly EventBusOptions settings = options.Value;
    private readonly CancellationTokenSource abort = new();
    private readonly Lock gate = new();
    private TaskCompletionSource? drained;
    private int inFlight;
    private IChannel? channel;
    private string? consumerTag;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
            consumerDispatchConcurrency: settings.ConsumerConcurrency), cancellationToken);
        await RabbitMQTopology.DeclareConsumerAsync(channel, settings, subscriptions.Value.EventTypes.Keys, cancellationToken);
        await channel.BasicQosAsync(0, settings.PrefetchCount, global: false, cancellationToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += OnReceivedAsync;
        consumerTag = await channel.BasicConsumeAsync(settings.SubscriptionClientName, autoAck: false, consumer, cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (channel is null)
        {
            return;
        }
        Task wait;
        lock (gate)
        {
            drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (inFlight == 0)
            {
                drained.TrySetResult();
            }
            wait = drained.Task;
        }
        if (consumerTag is not null && channel.IsOpen)
        {
            await channel.BasicCancelAsync(consumerTag, noWait: false, cancellationToken);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.ShutdownTimeout);
        await wait.WaitAsync(timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        // Handlers still running are told to stop; closing the channel requeues whatever is unacked.
        await abort.CancelAsync();
        await channel.CloseAsync(CancellationToken.None);
    }

    private async Task OnReceivedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        lock (gate)
        {
            if (drained is not null)
            {
                // Stopping: deliveries the client had already prefetched stay unacked and are requeued on close,
                // rather than being handled with an ack that could no longer reach the broker.
                return;
            }
            inFlight++;
        }
        try
        {
            await HandleDeliveryAsync(delivery);
        }
        finally
        {
            lock (gate)
            {
                if (--inFlight == 0)
                {
                    drained?.TrySetResult();
                }
            }
        }
    }

    private async Task HandleDeliveryAsync(BasicDeliverEventArgs delivery)
    {
        var eventTypeName = delivery.BasicProperties.Type ?? delivery.RoutingKey;
        var attempt = AttemptOf(delivery.BasicProperties);
        using var activity = MessagingTelemetry.StartReceive(eventTypeName, delivery.BasicProperties);
        activity?.SetTag("messaging.rabbitmq.attempt", attempt);
        var group = MessagingMetrics.Tag("group", settings.SubscriptionClientName);
        var type = MessagingMetrics.Tag("event_type", eventTypeName);
        if (RabbitMQEventBus.PublishedAt(delivery.BasicProperties) is { } published)
        {
            MessagingMetrics.MessageAge.Record(Math.Max(0, (DateTimeOffset.UtcNow - published).TotalMilliseconds), group);
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!subscriptions.Value.EventTypes.TryGetValue(eventTypeName, out var eventType))
            {
                throw new PoisonMessageException($"No subscription for event type '{eventTypeName}'.");
            }
            var @event = Deserialize(delivery.Body, eventType);
            await using (var scope = scopes.CreateAsyncScope())
            {
                foreach (var handler in scope.ServiceProvider.GetKeyedServices<IIntegrationEventHandler>(eventType))
                {
                    await handler.Handle(@event, abort.Token);
                }
            }
            await channel!.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            MessagingMetrics.ProcessingTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, group, type, MessagingMetrics.Tag("outcome", "success"));
        }
        catch (Exception ex) when (!abort.IsCancellationRequested)
        {
            MessagingMetrics.ProcessingTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, group, type, MessagingMetrics.Tag("outcome", "failure"));
            activity?.AddException(ex);
            await RetryOrDeadLetterAsync(delivery, eventTypeName, ex is PoisonMessageException ? settings.MaxAttempts : attempt, ex);
        }
        catch (Exception) when (abort.IsCancellationRequested)
        {
            // Shutting down: the unacked delivery is requeued when the channel closes.
        }
    }

    private IntegrationEvent Deserialize(ReadOnlyMemory<byte> body, Type eventType)
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, eventType, subscriptions.Value.JsonSerializerOptions) as IntegrationEvent
                ?? throw new PoisonMessageException($"The body is not a {eventType.Name}.");
        }
        catch (JsonException ex)
        {
            throw new PoisonMessageException($"The body is not valid JSON for {eventType.Name}: {ex.Message}");
        }
    }

    private async Task RetryOrDeadLetterAsync(BasicDeliverEventArgs delivery, string eventTypeName, int attempt, Exception error)
    {
        var properties = new BasicProperties(delivery.BasicProperties)
        {
            Headers = new Dictionary<string, object?>(delivery.BasicProperties.Headers ?? new Dictionary<string, object?>()),
        };
        properties.Headers[ErrorHeader] = $"{error.GetType().Name}: {error.Message}";
        string queue;
        if (attempt < settings.MaxAttempts)
        {
            properties.Headers[AttemptHeader] = attempt + 1;
            queue = settings.RetryQueue(Math.Min(attempt, settings.RetryQueueCount));
            LogRetry(logger, error, eventTypeName, delivery.BasicProperties.MessageId, attempt, settings.MaxAttempts);
        }
        else
        {
            properties.Headers[AttemptHeader] = attempt;
            queue = settings.DeadLetterQueue;
            LogDeadLettered(logger, error, eventTypeName, delivery.BasicProperties.MessageId, attempt);
        }
        MessagingMetrics.Failures.Add(1, MessagingMetrics.Tag("group", settings.SubscriptionClientName), MessagingMetrics.Tag("event_type", eventTypeName),
            MessagingMetrics.Tag("next", queue == settings.DeadLetterQueue ? "dead_letter" : "retry"));
        try
        {
            await bus.PublishAsync("", queue, properties, delivery.Body, abort.Token);
            await channel!.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The copy may not exist: give the original back to the queue rather than lose it.
            LogRequeued(logger, ex, delivery.BasicProperties.MessageId);
            await channel!.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
        }
    }

    internal static int AttemptOf(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(AttemptHeader, out var value) == true ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : 1;

    public async ValueTask DisposeAsync()
    {
        if (channel is not null)
        {
            await channel.DisposeAsync();
        }
        abort.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventType} {MessageId} failed on attempt {Attempt} of {MaxAttempts}; retrying after a delay")]
    private static partial void LogRetry(ILogger logger, Exception ex, string eventType, string? messageId, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "{EventType} {MessageId} failed on attempt {Attempt}; moved to the dead-letter queue")]
    private static partial void LogDeadLettered(ILogger logger, Exception ex, string eventType, string? messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not schedule a retry for {MessageId}; requeued it")]
    private static partial void LogRequeued(ILogger logger, Exception ex, string? messageId);

    /// <summary>A message that no retry can fix (unknown type, unreadable body): dead-lettered at once.</summary>
    private sealed class PoisonMessageException(string message) : Exception(message);
}
