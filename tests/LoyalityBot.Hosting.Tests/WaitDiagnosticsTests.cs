using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>A wait that gives up says why the resource is not ready: in CI the state directory with its log file is gone afterwards.</summary>
[Collection(StackCollection.Name)] // starts a server: one at a time with the stacks
public sealed class WaitDiagnosticsTests
{
    [Fact]
    public async Task A_wait_that_times_out_reports_the_resource_s_state_replicas_and_last_log_lines()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("wait-diagnostics");
        builder.AddRedis("cache");
        await using var app = builder.Build();
        TestStateDirectory.StopOnExit(app);
        await app.StartAsync(ct);
        using (var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.WaitForResourceHealthyAsync("cache", healthy.Token);
        }
        await app.Orchestrator.StopResourceAsync("cache");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.WaitForResourceHealthyAsync("cache", timeout.Token));

        Assert.Equal(timeout.Token, error.CancellationToken);
        Assert.StartsWith("Gave up waiting for 'cache': Stopped, ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\n  cache: Stopped, ", error.Message, StringComparison.Ordinal);
        Assert.Contains(app.Orchestrator.State.LogFile("cache"), error.Message, StringComparison.Ordinal);
        // Redis's own last words, with the prefix its log file has.
        Assert.Matches(@"\n\d{4}-\d\d-\d\dT[\d:.]+Z \[cache\] .*Received SIGTERM", error.Message);
    }
}
