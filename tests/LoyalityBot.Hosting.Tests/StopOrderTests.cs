using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>Stopping goes in reverse start order: a service's processes are gone before the server it waits for is told to stop.</summary>
[Collection(StackCollection.Name)] // starts servers: one at a time with the stacks, not beside a stack that is starting
public sealed class StopOrderTests
{
    [Fact]
    public async Task Services_have_exited_when_the_server_they_wait_for_receives_its_sigterm()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("stop-order");
        var cache = builder.AddRedis("cache");
        builder.AddProject("telegram", "../LoyalityBot.TelegramSandbox/LoyalityBot.TelegramSandbox.csproj")
            .WithReplicas(2).WithHttpHealthCheck("/health").WithReference(cache).WaitFor(cache);
        await using var app = builder.Build();
        TestStateDirectory.StopOnExit(app);
        await app.StartAsync(ct);
        using (var healthy = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Orchestrator.WaitForAllHealthyAsync(healthy.Token);
        }
        var resources = app.Orchestrator.GetResources();
        var server = resources.Single(r => r.Name == "cache").Instances.Single();
        var services = resources.Single(r => r.Name == "telegram").Instances;
        Assert.All(services, s => Assert.True(s.StartedAt > server.StartedAt, $"{s.Name} started before the server"));
        var servicePids = services.Select(s => s.Pid!.Value).ToList();

        // Redis prints this line the moment it gets its SIGTERM: which services are still running then?
        using var following = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serverLog = app.Orchestrator.GetLogs("cache").FollowAsync(following.Token).GetAsyncEnumerator(following.Token);
        Assert.True(await serverLog.MoveNextAsync()); // subscribed (the first line of the backlog) before anything stops
        var aliveWhenTheServerWasSignalled = Task.Run(async () =>
        {
            do
            {
                if (serverLog.Current.Text.Contains("Received SIGTERM", StringComparison.Ordinal))
                {
                    return servicePids.Where(ProcessTree.IsAlive).ToList();
                }
            }
            while (await serverLog.MoveNextAsync());
            return null;
        }, ct);

        await app.StopAsync();

        var alive = await aliveWhenTheServerWasSignalled.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.NotNull(alive); // the server was stopped with its signal, and said so
        Assert.Empty(alive);
        Assert.False(ProcessTree.IsAlive(server.Pid!.Value));
        await following.CancelAsync();
        await serverLog.DisposeAsync();
    }
}
