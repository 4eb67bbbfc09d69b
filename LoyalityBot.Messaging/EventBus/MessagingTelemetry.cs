using System.Diagnostics;
using System.Text;
using RabbitMQ.Client;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Spans named like eShop's (<c>"&lt;event&gt; publish"</c>, <c>"&lt;event&gt; receive"</c>) and W3C trace context in
/// message headers, so one trace runs from the code that wrote the event through the queue to the handler.
/// </summary>
public static class MessagingTelemetry
{
    public const string ActivitySourceName = "LoyalityBot.Messaging";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>Starts the publish span under the context the event was raised in (possibly long ago, for the outbox).</summary>
    internal static Activity? StartPublish(EventEnvelope envelope)
    {
        ActivityContext.TryParse(envelope.TraceParent, envelope.TraceState, out var parent);
        var activity = Source.StartActivity($"{envelope.EventTypeName} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        return activity;
    }

    /// <summary>Writes <c>traceparent</c>/<c>tracestate</c>: the publish span's, or the raised-in context when nobody samples.</summary>
    internal static void Inject(Activity? activity, EventEnvelope envelope, IDictionary<string, object?> headers)
    {
        if (activity is not null)
        {
            DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, key, value) =>
                ((IDictionary<string, object?>)carrier!)[key] = value);
            return;
        }
        if (envelope.TraceParent is not null)
        {
            headers[TraceParentHeader] = envelope.TraceParent;
            if (envelope.TraceState is not null)
            {
                headers[TraceStateHeader] = envelope.TraceState;
            }
        }
    }

    internal static Activity? StartReceive(string eventTypeName, IReadOnlyBasicProperties properties)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(properties.Headers, static (carrier, key, out value, out values) =>
        {
            values = null;
            value = carrier is IDictionary<string, object?> headers && headers.TryGetValue(key, out var raw) ? AsString(raw) : null;
        }, out var traceParent, out var traceState);
        ActivityContext.TryParse(traceParent, traceState, out var parent);
        var activity = Source.StartActivity($"{eventTypeName} receive", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.message.id", properties.MessageId);
        return activity;
    }

    internal static string? AsString(object? headerValue) => headerValue switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    };

    private const string TraceParentHeader = "traceparent";
    private const string TraceStateHeader = "tracestate";
}
