using System.Diagnostics.Metrics;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Telegram;

namespace LoyalityBot.Workers.Exports;

/// <summary>Progress of one running export: the rows counter (Prometheus) as rows go out, and a log line every N rows.</summary>
internal sealed partial class ExportProgress(ExportKind kind, Guid eventId, int logEvery, ILogger logger)
{
    internal const string MeterName = "LoyalityBot.Workers.Exports";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Rows = Meter.CreateCounter<long>("exports.rows", description: "Rows (or JSON list items) written by exports");
    private static readonly Counter<long> Exports = Meter.CreateCounter<long>("exports.completed", description: "Exports by kind and outcome (sent, unreachable)");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("exports.duration", "s", "Time to write and send an export");

    private readonly KeyValuePair<string, object?> kindTag = new("kind", kind.ToString());

    public void Report(long rows)
    {
        Rows.Add(1, kindTag);
        if (rows % logEvery == 0)
        {
            LogProgress(logger, kind, eventId, rows);
        }
    }

    public void Complete(long rows, long bytes, SendOutcome outcome, TimeSpan elapsed)
    {
        var outcomeTag = new KeyValuePair<string, object?>("outcome", outcome.ToString());
        Exports.Add(1, kindTag, outcomeTag);
        Duration.Record(elapsed.TotalSeconds, kindTag);
        LogComplete(logger, kind, eventId, rows, bytes, outcome, elapsed.TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Kind} ({EventId}): {Rows} rows written so far")]
    private static partial void LogProgress(ILogger logger, ExportKind kind, Guid eventId, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export {Kind} ({EventId}): {Rows} rows, {Bytes} bytes, {Outcome} in {Seconds:0.0} s")]
    private static partial void LogComplete(ILogger logger, ExportKind kind, Guid eventId, long rows, long bytes, SendOutcome outcome, double seconds);
}
