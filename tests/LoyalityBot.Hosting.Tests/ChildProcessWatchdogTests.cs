using System.Diagnostics;
using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

public sealed class ChildProcessWatchdogTests
{
    [Fact]
    public async Task The_watchdog_outlives_a_stray_sigterm_and_kills_the_children_once_its_apphost_is_gone()
    {
        using var appHost = Process.Start("sleep", "120"); // stands in for the AppHost
        using var child = Process.Start("setsid", ["sh", "-c", "sleep 120 & sleep 120"]);
        using var watchdog = new ChildProcessWatchdog(Path.Combine(TestStateDirectory.Create("watchdog"), "run"), appHost.Id);
        watchdog.Register(child.Id);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var tree = ProcessTree.Of(child.Id);
        Assert.True(tree.Count >= 2, "the child and its grandchild");

        Native.Signal(watchdog.Pid, Native.SIGTERM); // a pkill, a closed terminal
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.True(ProcessTree.IsAlive(watchdog.Pid));
        Assert.All(tree, pid => Assert.True(ProcessTree.IsAlive(pid)));

        appHost.Kill(); // the AppHost dies as with SIGKILL
        await StackTests.WaitUntilAsync(() => !tree.Any(ProcessTree.IsAlive), TimeSpan.FromSeconds(5));
    }
}
