using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// What the orchestrator gives its runners (a fresh state directory, the child-process watchdog), for tests of one
/// replica or runner with real processes and no app model around them.
/// </summary>
internal sealed class LocalRuntime : IDisposable
{
    private readonly StateDirectory _state;
    private readonly ChildProcessWatchdog _watchdog;

    private LocalRuntime(StateDirectory state, ChildProcessWatchdog watchdog)
    {
        _state = state;
        _watchdog = watchdog;
        Services = new RuntimeServices(state, ServerBinaries.FromEnvironment(), watchdog, "Release", new ProjectRunSettings("Development", null));
    }

    public RuntimeServices Services { get; }

    public static LocalRuntime Create(string name)
    {
        var state = StateDirectory.Open(TestStateDirectory.Create(name), fresh: false);
        return new LocalRuntime(state, new ChildProcessWatchdog(state.RunDirectory));
    }

    /// <summary>A resource's log, in memory and in its file under the state directory, as a runner has it.</summary>
    public LogBuffer Log(string resourceName) => new(_state.LogFile(resourceName));

    public void Dispose()
    {
        _watchdog.Dispose();
        _state.Dispose();
    }
}
