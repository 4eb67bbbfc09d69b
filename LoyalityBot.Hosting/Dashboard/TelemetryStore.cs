namespace LoyalityBot.Hosting.Dashboard;

/// <summary>
/// What the services exported to the dashboard over OTLP, per service: counts of spans, log records and metric
/// points, and the latest span names and log lines (the first version of the telemetry pages).
/// </summary>
public sealed class TelemetryStore
{
    private const int Recent = 100;
    private readonly Dictionary<string, ServiceTelemetry> _services = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public sealed record ServiceTelemetry(string Service)
    {
        public long Spans { get; set; }

        public long Logs { get; set; }

        public long Metrics { get; set; }

        public HashSet<string> Instances { get; } = [];

        public Queue<string> RecentSpans { get; } = new();

        public Queue<string> RecentLogs { get; } = new();
    }

    public sealed record Summary(string Service, long Spans, long Logs, long Metrics, IReadOnlyList<string> Instances, IReadOnlyList<string> RecentSpans, IReadOnlyList<string> RecentLogs);

    internal void Add(IReadOnlyList<OtlpProtobufReader.Item> items, OtlpProtobufReader.Signal signal)
    {
        lock (_gate)
        {
            foreach (var item in items)
            {
                if (!_services.TryGetValue(item.ServiceName, out var service))
                {
                    _services[item.ServiceName] = service = new ServiceTelemetry(item.ServiceName);
                }
                if (item.InstanceId is { } instance)
                {
                    service.Instances.Add(instance);
                }
                switch (signal)
                {
                    case OtlpProtobufReader.Signal.Traces:
                        service.Spans++;
                        Keep(service.RecentSpans, item.Text);
                        break;
                    case OtlpProtobufReader.Signal.Logs:
                        service.Logs++;
                        Keep(service.RecentLogs, item.Text);
                        break;
                    default:
                        service.Metrics++;
                        break;
                }
            }
        }
    }

    private static void Keep(Queue<string> queue, string text)
    {
        if (queue.Count == Recent)
        {
            queue.Dequeue();
        }
        queue.Enqueue(text);
    }

    public IReadOnlyList<Summary> Snapshot()
    {
        lock (_gate)
        {
            return [.. _services.Values.OrderBy(s => s.Service, StringComparer.Ordinal).Select(s =>
                new Summary(s.Service, s.Spans, s.Logs, s.Metrics, [.. s.Instances.Order()], [.. s.RecentSpans], [.. s.RecentLogs]))];
        }
    }
}
