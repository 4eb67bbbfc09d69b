using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>The AppHost's whole app model, started once for the tests that share it, with the dashboard on a free port.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create(
            TestStateDirectory.Create("stack"), disableDashboard: false, "--Dashboard:Port=0", "--Dashboard:OtlpHttpPort=0");
        App = builder.Build();
        await App.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        await App.Orchestrator.WaitForAllHealthyAsync(timeout.Token);
    }

    public async Task WaitForAllHealthyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.Orchestrator.WaitForAllHealthyAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>One full stack for every test class that needs it; its classes run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}

/// <summary>
/// Tests that start whole AppHost processes of their own: alone on the machine, after every parallel collection
/// (and so after the shared stack is stopped), since two stacks at once on 2 cores make both crawl.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OwnStackCollection
{
    public const string Name = "own stack";
}
