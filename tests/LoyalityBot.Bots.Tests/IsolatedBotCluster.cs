namespace LoyalityBot.Bots.Tests;

/// <summary>A stage of its own, for tests that kill or restart replicas or flood them.</summary>
public sealed class IsolatedBotCluster : BotCluster
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // Load from a few users: the per-user limits are not what these tests measure.
        ["BotPipeline__MessagesPerMinute"] = "100000",
        ["BotPipeline__CommandsPerMinute"] = "100000",
    };
}
