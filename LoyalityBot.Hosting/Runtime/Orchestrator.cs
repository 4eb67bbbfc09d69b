using System.Diagnostics;
using System.Globalization;
using System.Text;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Runtime.Runners;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// Starts the app model as local processes in dependency order (WaitFor, parents before children), watches
/// each resource's health on its own loop (what others wait for every 200 ms until it is healthy, the rest and
/// everything healthy every second), restarts what crashes, and stops everything in reverse order.
/// </summary>
public sealed class Orchestrator : IAsyncDisposable
{
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often a resource is checked while someone waits for it and it is not healthy yet. Every level of the WaitFor
    /// chain (server, database, replicas, migrations, sandbox) otherwise waited up to a whole interval before its
    /// dependents could start, and a caller waiting for the services (<c>check</c>, the tests, the start-up benchmark)
    /// learned of the last one up to a second late. A service nobody waits for keeps the one-second interval.
    /// </summary>
    private static readonly TimeSpan StartingHealthInterval = TimeSpan.FromMilliseconds(200);
    private readonly List<ResourceRunner> _runners;
    private readonly Dictionary<IResource, IReadOnlyList<(IResource Resource, WaitType Type)>> _dependencies;
    private readonly RuntimeServices _services;
    private readonly LoadBalancer.Frontend[] _frontends;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Dictionary<ResourceRunner, Task> _starting = [];
    private LoadBalancer? _loadBalancer;
    private Task _loadBalancerStarted = Task.CompletedTask;
    private int _stopped;
    private Task? _healthLoop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Orchestrator(IReadOnlyList<IResource> resources, RuntimeServices services)
    {
        _services = services;
        AllocateEndpoints(resources, services.State);
        _dependencies = resources.ToDictionary(r => r, r => (IReadOnlyList<(IResource Resource, WaitType Type)>)Dependencies(r, resources));
        var jobs = resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource).ToHashSet();
        var projects = resources.OfType<ProjectResource>().Where(p => !jobs.Contains(p)).ToList();
        _frontends = [.. projects.Select(p => new LoadBalancer.Frontend(
            p.Name,
            p.GetEndpoint(ProjectRunner.HttpEndpointName).Annotation.AllocatedEndpoint!.Port,
            p.Annotations.OfType<HttpHealthCheckAnnotation>().LastOrDefault()?.Path ?? "/alive"))];
        _runners = [.. resources.Select(r => CreateRunner(r, jobs.Contains(r))).OfType<ResourceRunner>()];
    }

    /// <summary>Raised whenever a resource's state or health changes (the console summary follows it).</summary>
    public event Action<ResourceSnapshot>? ResourceChanged;

    public StateDirectory State => _services.State;

    private ResourceRunner? CreateRunner(IResource resource, bool isJob) => resource switch
    {
        RedisResource redis => new RedisRunner(redis, _services),
        PostgresServerResource postgres => new PostgresServerRunner(postgres, _services),
        PostgresReplicasResource replicas => new PostgresReplicasRunner(replicas, _services),
        PostgresDatabaseResource database => new PostgresDatabaseRunner(database, _services),
        PostgresReadOnlyDatabaseResource readOnly => new PostgresReadOnlyDatabaseRunner(readOnly, _services),
        RabbitMQServerResource rabbit => new RabbitMQRunner(rabbit, _services),
        // The load balancer is created at start; the runner reads it through the closure below.
        ProjectResource project => new ProjectRunner(project, _services, new LazyLoadBalancer(this), isJob),
        ParameterResource => null,
        _ => throw new NotSupportedException($"Resource '{resource.Name}' of type {resource.GetType().Name} cannot run locally."),
    };

    private static void AllocateEndpoints(IEnumerable<IResource> resources, StateDirectory state)
    {
        foreach (var resource in resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                var port = state.GetOrAllocatePort($"{resource.Name}/{endpoint.Name}");
                endpoint.AllocatedEndpoint = new AllocatedEndpoint("127.0.0.1", port, endpoint.UriScheme);
            }
        }
    }

    /// <summary>Explicit waits plus the implicit ones: a child waits for its parent, read-only data for the replicas.</summary>
    private static List<(IResource, WaitType)> Dependencies(IResource resource, IReadOnlyList<IResource> all)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().Select(w => (w.Resource, w.WaitType)).ToList();
        if (resource is IResourceWithParent child)
        {
            waits.Add((child.Parent, WaitType.WaitUntilHealthy));
        }
        if (resource is PostgresReadOnlyDatabaseResource { Database.Server.Replicas: { } replicas })
        {
            waits.Add((replicas, WaitType.WaitUntilHealthy));
        }
        return [.. waits.Where(w => all.Contains(w.Item1))];
    }

    /// <summary>Checks every prerequisite, then starts every resource as soon as what it waits for is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runners.ForEach(r => r.CheckPrerequisites());
        // The servers start while the load balancer's web host boots; only the projects need it.
        var loadBalancer = _frontends.Length > 0 ? StartLoadBalancerAsync(cancellationToken) : null;
        _loadBalancerStarted = loadBalancer ?? Task.CompletedTask;
        _healthLoop = HealthLoopAsync(_shutdown.Token);
        foreach (var runner in _runners)
        {
            _starting[runner] = StartWhenReadyAsync(runner, _shutdown.Token);
        }
        if (loadBalancer is null)
        {
            return;
        }
        try
        {
            await loadBalancer;
        }
        catch
        {
            await StopAsync(); // a port in use still fails the start, with nothing left running
            throw;
        }
    }

    /// <summary>Completes once <see cref="_loadBalancer"/> is set: a project's replicas publish their addresses to it as they start.</summary>
    private async Task StartLoadBalancerAsync(CancellationToken cancellationToken) =>
        _loadBalancer = await LoadBalancer.StartAsync(_frontends, cancellationToken);

    private async Task StartWhenReadyAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (dependency, waitType) in _dependencies[runner.Resource])
            {
                await WaitForResourceAsync(dependency.Name, waitType, cancellationToken);
            }
            if (runner is ProjectRunner)
            {
                await _loadBalancerStarted.WaitAsync(cancellationToken);
            }
            await runner.StartAsync(cancellationToken);
            Notify(runner);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            runner.Log.Write(runner.Resource.Name, $"failed to start: {ex.Message}", isError: true);
            runner.FailedToStart = true;
            Notify(runner);
        }
    }

    public Task WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken) =>
        WaitForResourceAsync(name, WaitType.WaitUntilHealthy, cancellationToken);

    public async Task WaitForResourceAsync(string name, WaitType waitType, CancellationToken cancellationToken)
    {
        var runner = Runner(name);
        runner.AddWaiter();
        try
        {
            await WaitUntilReadyAsync(runner, waitType, cancellationToken);
        }
        finally
        {
            runner.RemoveWaiter();
        }
    }

    private async Task WaitUntilReadyAsync(ResourceRunner runner, WaitType waitType, CancellationToken cancellationToken)
    {
        var name = runner.Resource.Name;
        while (true)
        {
            var changed = _changed.Task;
            if (runner.FailedToStart || (waitType == WaitType.WaitForCompletion && runner.State == KnownResourceStates.Exited))
            {
                throw new InvalidOperationException($"'{name}' failed ({runner.State}); see {_services.State.LogFile(name)}");
            }
            var ready = waitType == WaitType.WaitForCompletion
                ? runner.State == KnownResourceStates.Finished
                : runner.Health == HealthStatus.Healthy;
            if (ready)
            {
                return;
            }
            try
            {
                await changed.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                // Whoever gave up waiting (a timeout, most often) learns why it is not ready, not only that.
                throw new OperationCanceledException($"Gave up waiting for {Describe(name)}", ex, cancellationToken);
            }
        }
    }

    /// <summary>Waits until every resource is healthy (jobs: finished), or fails fast if one cannot start.</summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken)
    {
        var waits = _runners.Select(r => WaitForResourceAsync(r.Resource.Name,
            r.IsJob ? WaitType.WaitForCompletion : WaitType.WaitUntilHealthy, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(waits);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            // Task.WhenAll passes on one cancelled wait's reason; every resource that was not ready has its own.
            var notReady = _runners.Zip(waits).Where(w => w.Second.IsCanceled).Select(w => Describe(w.First.Resource.Name));
            throw new OperationCanceledException($"Gave up waiting for every resource to be ready. Not ready:\n{string.Join("\n", notReady)}", ex, cancellationToken);
        }
    }

    /// <summary>
    /// One loop per resource, so a slow check (a broker still booting takes its whole timeout) delays no other
    /// resource's; a resource that has just been started, or whose process started or exited, is checked at once.
    /// Waiters hear of every change of state or health since the last one they heard of.
    /// </summary>
    private Task HealthLoopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_runners.Select(r => WatchAsync(r, cancellationToken)));

    private async Task WatchAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        var reported = (runner.State, runner.Health);
        while (!cancellationToken.IsCancellationRequested)
        {
            var woken = runner.Woken;
            await CheckAsync(runner, cancellationToken);
            if (reported != (runner.State, runner.Health))
            {
                reported = (runner.State, runner.Health);
                Notify(runner);
            }
            var interval = runner.Health != HealthStatus.Healthy && runner.IsAwaited ? StartingHealthInterval : HealthInterval;
            try
            {
                await Task.WhenAny(Task.Delay(interval, cancellationToken), woken).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task CheckAsync(ResourceRunner runner, CancellationToken cancellationToken)
    {
        if (runner.StartedAt is null || runner.State is KnownResourceStates.Stopped or KnownResourceStates.Stopping)
        {
            return;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            runner.Health = await runner.CheckHealthAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            runner.Health = HealthStatus.Unhealthy;
        }
    }

    private void Notify(ResourceRunner runner)
    {
        Pulse();
        ResourceChanged?.Invoke(Snapshot(runner));
    }

    private void Pulse() => Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    public IReadOnlyList<ResourceSnapshot> GetResources() => [.. _runners.Select(Snapshot)];

    public LogBuffer GetLogs(string name) => Runner(name).Log;

    /// <summary>
    /// A resource's state, health and every replica's restarts and exit code, then its last log lines: what a
    /// failed wait or test prints, since the state directory with the log file may be gone by the time anyone looks.
    /// </summary>
    public string Describe(string name, int logLines = 30)
    {
        var snapshot = Snapshot(Runner(name));
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"'{name}': {snapshot.State}, {snapshot.Health}, {snapshot.Restarts} restarts");
        foreach (var replica in snapshot.Instances)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n  {replica.Name}: {replica.State}, {replica.Health}, pid {replica.Pid}, {replica.Restarts} restarts, last exit code {replica.ExitCode}, {replica.Endpoint}");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nIts last {logLines} log lines ({_services.State.LogFile(name)}):");
        foreach (var line in GetLogs(name).Snapshot().TakeLast(logLines))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{line.Timestamp:O} [{line.Source}] {line.Text}");
        }
        return text.ToString();
    }

    private ResourceRunner Runner(string name) =>
        _runners.FirstOrDefault(r => r.Resource.Name == name) ?? throw new KeyNotFoundException($"No resource named '{name}'.");

    public bool HasResource(string name) => _runners.Any(r => r.Resource.Name == name);

    private static ResourceSnapshot Snapshot(ResourceRunner runner) => new(
        runner.Resource.Name,
        runner.Type,
        runner.FailedToStart ? KnownResourceStates.FailedToStart : runner.StartedAt is null ? KnownResourceStates.Waiting : runner.State,
        runner.Health.ToString(),
        runner.Replicas.Count,
        [.. runner.EndpointUrls],
        [.. runner.Replicas.Select(r => new ReplicaSnapshot(
            r.Name, r.Process is { HasExited: false } p ? p.Pid : null, r.State, r.Health.ToString(), r.Restarts, r.ExitCode, r.Endpoint, r.Process?.StartedAt))],
        runner.Replicas.Sum(r => r.Restarts),
        runner.StartedAt,
        runner.StartedAt is { } started ? Math.Round((DateTime.UtcNow - started).TotalSeconds) : null);

    /// <summary>CPU time the resource's running processes (with their children) have used, for the start-up benchmark.</summary>
    public TimeSpan CpuTime(string name) =>
        Runner(name).Replicas.Select(r => r.Process).OfType<ManagedProcess>().Where(p => !p.HasExited)
            .Aggregate(TimeSpan.Zero, (total, process) => total + ProcessTree.CpuTime(process.Pid));

    /// <summary>Kills one replica's process tree with SIGKILL, as a crash would (dashboard and tests).</summary>
    public void KillReplica(string name, int index) => Runner(name).Replicas[index].Process?.Kill();

    public async Task StopResourceAsync(string name)
    {
        var runner = Runner(name);
        await runner.StopAsync(StopTimeout(runner));
        Notify(runner);
    }

    public async Task StartResourceAsync(string name)
    {
        var runner = Runner(name);
        if (runner.State is KnownResourceStates.Running or KnownResourceStates.Starting)
        {
            return;
        }
        runner.FailedToStart = false;
        await StartWhenReadyAsync(runner, _shutdown.Token);
    }

    public async Task RestartResourceAsync(string name)
    {
        await StopResourceAsync(name);
        await StartResourceAsync(name);
    }

    private static TimeSpan StopTimeout(ResourceRunner runner) =>
        runner is ProjectRunner ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(5);

    /// <summary>Stops dependents before what they depend on, each layer in parallel.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // already stopped (a test disposed it, then the process exit hook asks again)
        }
        var stopwatch = Stopwatch.StartNew();
        await _shutdown.CancelAsync();
        await Task.WhenAll(_starting.Values).WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        var depth = new Dictionary<IResource, int>();
        int Depth(IResource r) => depth.TryGetValue(r, out var d) ? d
            : depth[r] = _dependencies.TryGetValue(r, out var deps) && deps.Count > 0 ? 1 + deps.Max(x => Depth(x.Resource)) : 0;
        foreach (var layer in _runners.GroupBy(r => Depth(r.Resource)).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(layer.Select(r => r.StopAsync(StopTimeout(r))));
        }
        if (_healthLoop is not null)
        {
            await _healthLoop;
        }
        if (_loadBalancer is not null)
        {
            await _loadBalancer.DisposeAsync();
        }
        _runners.ForEach(r => r.Log.Dispose());
        StoppedIn = stopwatch.Elapsed;
    }

    /// <summary>How long the last <see cref="StopAsync"/> took.</summary>
    public TimeSpan StoppedIn { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (!_shutdown.IsCancellationRequested)
        {
            await StopAsync();
        }
        _shutdown.Dispose();
    }

    /// <summary>Gives project runners the load balancer, which exists only once <see cref="StartAsync"/> ran.</summary>
    private sealed class LazyLoadBalancer(Orchestrator orchestrator) : ILoadBalancerTarget
    {
        public void SetDestinations(string name, IReadOnlyList<string> destinations) =>
            orchestrator._loadBalancer?.SetDestinations(name, destinations);
    }
}
