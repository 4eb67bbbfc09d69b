using System.Text.Json.Nodes;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>Runtime settings every process of the stack is built with (Directory.Build.props).</summary>
public sealed class RuntimeConfigTests
{
    [Theory]
    [InlineData("LoyalityBot.AppHost")]
    [InlineData("LoyalityBot.Api")]
    [InlineData("LoyalityBot.Bots")]
    [InlineData("LoyalityBot.Workers")]
    [InlineData("LoyalityBot.MigrationService")]
    [InlineData("LoyalityBot.TelegramSandbox")]
    public void Thread_pool_threads_of_every_process_block_instead_of_spinning(string project)
    {
        var path = AppHostBuild.Output(project, project + ".runtimeconfig.json");

        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]!.GetValue<int>());
    }
}
