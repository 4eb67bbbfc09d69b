using System.Text.Json.Nodes;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>Runtime settings every process of the stack is built with (Directory.Build.props).</summary>
public sealed class RuntimeConfigTests
{
    public static TheoryData<string> Processes =>
    [
        "LoyalityBot.AppHost", "LoyalityBot.Api", "LoyalityBot.Bots", "LoyalityBot.Workers",
        "LoyalityBot.MigrationService", "LoyalityBot.TelegramSandbox",
    ];

    [Theory]
    [MemberData(nameof(Processes))]
    public void Thread_pool_threads_of_every_process_block_instead_of_spinning(string project) =>
        Assert.Equal(0, ConfigProperties(project)["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());

    [Theory]
    [MemberData(nameof(Processes))]
    public void Every_process_tiers_up_without_an_instrumented_tier(string project) =>
        Assert.False(ConfigProperties(project)["System.Runtime.TieredPGO"]!.GetValue<bool>());

    private static JsonNode ConfigProperties(string project) =>
        JsonNode.Parse(File.ReadAllText(AppHostBuild.Output(project, project + ".runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!;
}
