using System.Reflection.PortableExecutable;
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

    /// <summary>A ReadyToRun image carries native code beside its IL; the runtime then jits only what it could not precompile.</summary>
    [Theory]
    [MemberData(nameof(Processes))]
    public void Every_process_and_its_libraries_are_compiled_ahead_of_time(string project)
    {
        var assemblies = Directory.GetFiles(Path.GetDirectoryName(AppHostBuild.Output(project, project + ".dll"))!, "*.dll");

        Assert.Contains(assemblies, a => Path.GetFileName(a) == project + ".dll");
        Assert.All(assemblies, assembly => Assert.True(IsReadyToRun(assembly), Path.GetFileName(assembly)));
    }

    private static bool IsReadyToRun(string assembly)
    {
        using var reader = new PEReader(File.OpenRead(assembly));
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }

    private static JsonNode ConfigProperties(string project) =>
        JsonNode.Parse(File.ReadAllText(AppHostBuild.Output(project, project + ".runtimeconfig.json")))!["runtimeOptions"]!["configProperties"]!;
}
