using System.Diagnostics;
using System.Net.Http.Json;
using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>The AppHost as a user runs it: its own process, its exit code, what it leaves behind.</summary>
[Collection(OwnStackCollection.Name)] // each starts a whole stack of its own
public sealed class AppHostProcessTests
{
    private static readonly string AppHostDll = AppHostBuild.Output("LoyalityBot.AppHost", "LoyalityBot.AppHost.dll");

    private static Process StartAppHost(string state, IDictionary<string, string>? environment, params string[] args) =>
        StartAppHost(state, environment, runAs: null, args);

    private static Process StartAppHost(string state, IDictionary<string, string>? environment, int? runAs, params string[] args)
    {
        var start = new ProcessStartInfo(runAs is null ? "dotnet" : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] prefix = runAs is { } uid ? [$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "dotnet"] : [];
        foreach (var arg in (string[])[.. prefix, AppHostDll, .. args, $"--AppHost:StateDirectory={state}"])
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }

    [Fact]
    public async Task A_missing_server_binary_gives_one_line_naming_the_package_and_exit_code_1()
    {
        var ct = TestContext.Current.CancellationToken;
        using var appHost = StartAppHost(TestStateDirectory.Create("missing"),
            new Dictionary<string, string> { ["LOYALITYBOT_SERVER_PATH"] = "/nonexistent" }, "check");
        var stderr = appHost.StandardError.ReadToEndAsync(ct);
        await appHost.StandardOutput.ReadToEndAsync(ct);
        await appHost.WaitForExitAsync(ct);

        Assert.Equal(1, appHost.ExitCode);
        var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[a-z-]+ was not found: install the Debian package [a-z0-9-]+ \\(sudo apt-get install -y [a-z0-9-]+, or ./build.sh deps\\)$", line);
    }

    [Fact]
    public async Task Sigkill_of_the_apphost_leaves_no_child_process()
    {
        var (appHost, descendants, _) = await StartHealthyAsync("sigkill");
        using var _ = appHost;

        appHost.Kill(entireProcessTree: false); // SIGKILL to the AppHost alone

        // The watchdog kills the tree at once; the bound is generous because RabbitMQ can take seconds to exit on a busy machine.
        await StackTests.WaitUntilAsync(() => !descendants.Any(ProcessTree.IsAlive), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Sigterm_stops_everything_within_10_seconds()
    {
        var (appHost, descendants, output) = await StartHealthyAsync("sigterm");
        using var _ = appHost;
        var stopwatch = Stopwatch.StartNew();

        Assert.True(Runtime.Native.Signal(appHost.Id, Runtime.Native.SIGTERM));
        await appHost.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"stopped in {stopwatch.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, appHost.ExitCode);
        Assert.DoesNotContain(descendants, ProcessTree.IsAlive);
        Assert.Contains(output, line => line.StartsWith("Stopped in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_check_verb_reports_the_table_and_the_seconds_to_healthy_and_exits_0()
    {
        var ct = TestContext.Current.CancellationToken;
        using var appHost = StartAppHost(TestStateDirectory.Create("check"), null, "check", "--Dashboard:Port=0", "--Dashboard:OtlpHttpPort=0");
        var stdout = appHost.StandardOutput.ReadToEndAsync(ct);
        var stderr = appHost.StandardError.ReadToEndAsync(ct);
        await appHost.WaitForExitAsync(ct);

        Assert.True(appHost.ExitCode == 0, await stderr);
        var output = await stdout;
        Assert.Matches(@"All resources healthy in \d+\.\d\d s", output);
        foreach (var resource in new[] { "postgres", "postgres-replicas", "cache", "messaging", "migrations", "telegram", "api", "bots", "workers" })
        {
            Assert.Matches($"(?m)^{resource} +", output);
        }
        Assert.DoesNotContain(ProcessTree.Of(appHost.Id), ProcessTree.IsAlive);
    }

    [Fact]
    public async Task The_apphost_runs_as_a_normal_user_too()
    {
        // As root (CI), the same check runs as "nobody": Postgres then runs as that user, and RabbitMQ through
        // Debian's inner script instead of the root launcher that switches to the rabbitmq user.
        const int nobody = 65534;
        var ct = TestContext.Current.CancellationToken;
        var state = TestStateDirectory.Create("normal-user");
        var home = Directory.CreateDirectory(Path.Combine(state, "home")).FullName;
        if (Native.IsRoot)
        {
            await Process.Start("chown", ["-R", $"{nobody}:{nobody}", state]).WaitForExitAsync(ct);
        }
        using var appHost = StartAppHost(state, new Dictionary<string, string> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home },
            Native.IsRoot ? nobody : null, "check", "--Dashboard:Port=0", "--Dashboard:OtlpHttpPort=0");
        var stdout = appHost.StandardOutput.ReadToEndAsync(ct);
        var stderr = appHost.StandardError.ReadToEndAsync(ct);
        await appHost.WaitForExitAsync(ct);

        Assert.True(appHost.ExitCode == 0, await stdout + await stderr);
        Assert.Contains("All resources healthy in", await stdout, StringComparison.Ordinal);
    }

    /// <summary>Starts the AppHost as `./build.sh run` does and waits, through the dashboard's API, until all is healthy.</summary>
    private static async Task<(Process AppHost, List<int> Descendants, List<string> Output)> StartHealthyAsync(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var dashboardPort = PortAllocator.Allocate();
        var appHost = StartAppHost(TestStateDirectory.Create(name), null,
            $"--Dashboard:Port={dashboardPort}", "--Dashboard:OtlpHttpPort=0", "--Dashboard:Unsecured=true");
        var output = new List<string>();
        appHost.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Add(e.Data); } } };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();
        using var dashboard = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{dashboardPort}") };

        try
        {
            return await WaitUntilHealthyAsync(appHost, dashboard, output, ct);
        }
        catch
        {
            // A stack left running would take the CPU from every test after this one.
            appHost.Kill(entireProcessTree: true);
            await appHost.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            appHost.Dispose();
            throw;
        }
    }

    private static async Task<(Process AppHost, List<int> Descendants, List<string> Output)> WaitUntilHealthyAsync(
        Process appHost, HttpClient dashboard, List<string> output, CancellationToken ct)
    {
        List<ResourceSnapshot>? resources = null;
        var deadline = DateTime.UtcNow.AddSeconds(180); // what these tests check is stopping, not how fast a second stack starts
        while (resources is null || !resources.All(r => r.Health == "Healthy"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the stack did not become healthy; not healthy: "
                + string.Join(", ", resources?.Where(r => r.Health != "Healthy").Select(r => $"{r.Name} ({r.State})") ?? ["the dashboard never answered"]));
            Assert.False(appHost.HasExited, "the AppHost exited");
            await Task.Delay(500, ct);
            try
            {
                resources = await dashboard.GetFromJsonAsync<List<ResourceSnapshot>>("/api/resources", ct);
            }
            catch (HttpRequestException)
            {
                // the dashboard is not up yet
            }
        }
        var children = ProcessTree.Of(appHost.Id).Where(pid => pid != appHost.Id).ToList();
        Assert.True(children.Count >= 10, $"expected the servers and projects as children, saw {children.Count}");
        var descendants = resources.SelectMany(r => r.Instances).Select(i => i.Pid).OfType<int>()
            .SelectMany(ProcessTree.Of).Concat(children).Distinct().ToList();
        return (appHost, descendants, output);
    }
}
