using System.Reflection;
using System.Text.Json.Nodes;

namespace LoyalityBot.Hosting.Tests;

/// <summary>Runtime settings every process of the stack is built with (Directory.Build.props).</summary>
public sealed class RuntimeConfigTests
{
    private static readonly Assembly AppHost = Assembly.Load("LoyalityBot.AppHost");

    private static string Metadata(string key) =>
        AppHost.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Theory]
    [InlineData("LoyalityBot.AppHost")]
    [InlineData("LoyalityBot.Api")]
    [InlineData("LoyalityBot.Bots")]
    [InlineData("LoyalityBot.Workers")]
    [InlineData("LoyalityBot.MigrationService")]
    [InlineData("LoyalityBot.TelegramSandbox")]
    public void Thread_pool_threads_of_every_process_block_instead_of_spinning(string project)
    {
        var root = Path.GetDirectoryName(Metadata("AppHostProjectDirectory").TrimEnd('/'))!;
        var path = Path.Combine(root, project, "bin", Metadata("AppHostConfiguration"), "net10.0", project + ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
    }
}
