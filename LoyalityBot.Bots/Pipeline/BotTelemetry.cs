using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>The bots' meter and activity source: updates by bot and outcome, and how long each took.</summary>
internal static class BotTelemetry
{
    public const string Name = "LoyalityBot.Bots";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly Counter<long> Updates = Meter.CreateCounter<long>("bots.updates", description: "Updates by bot and outcome");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("bots.update.duration", "ms", "Time from receipt to acknowledgement");

    public static void Record(string bot, UpdateOutcome outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "bot", bot }, { "outcome", outcome.ToString() } };
        Updates.Add(1, tags);
        Duration.Record(elapsed.TotalMilliseconds, tags);
    }
}
