using System.Text.RegularExpressions;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// Every process's output lands in its resource's log file under the state directory
/// (<c>logs/&lt;resource&gt;.log</c>), each line prefixed with its UTC timestamp and the replica that printed it.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class ResourceLogFileTests(StackFixture stack)
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z \[(?<source>[^\]]+)\] ")]
    private static partial Regex LinePrefix();

    [Fact]
    public async Task A_server_writes_its_console_to_its_log_file()
    {
        await stack.WaitForAllHealthyAsync();

        var lines = ReadLogFile("cache");

        Assert.All(lines, line => Assert.Matches(LinePrefix(), line));
        Assert.Contains(lines, line => LinePrefix().Match(line).Groups["source"].Value == "cache" && line.Contains("Ready to accept connections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replicated_project_writes_every_replica_s_console_to_one_log_file_named_by_replica()
    {
        await stack.WaitForAllHealthyAsync();

        var lines = ReadLogFile("bots");

        Assert.All(lines, line => Assert.Matches(LinePrefix(), line));
        // Every replica's ASP.NET Core start-up line, under its own name.
        foreach (var replica in new[] { "bots-0", "bots-1", "bots-2" })
        {
            if (!lines.Any(line => LinePrefix().Match(line).Groups["source"].Value == replica && line.Contains("Now listening on:", StringComparison.Ordinal)))
            {
                Assert.Fail($"{replica} has no start-up line in the log file. {stack.App.Orchestrator.Describe("bots")}");
            }
        }
    }

    private List<string> ReadLogFile(string resource)
    {
        var path = stack.App.Orchestrator.State.LogFile(resource);
        Assert.Equal(Path.Combine(stack.App.Orchestrator.State.Root, "logs", resource + ".log"), path);
        // The AppHost keeps appending while we read.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
