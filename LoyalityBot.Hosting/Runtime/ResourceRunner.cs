using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>Runs one kind of resource locally: prepares it, starts its processes, checks its health, stops it.</summary>
internal abstract class ResourceRunner(IResource resource, RuntimeServices services)
{
    public IResource Resource { get; } = resource;

    protected RuntimeServices Services { get; } = services;

    public LogBuffer Log { get; } = new(services.State.LogFile(resource.Name));

    public List<Replica> Replicas { get; } = [];

    /// <summary>Set by runners that have no process of their own (a database inside its server).</summary>
    protected string? OwnState { get; set; }

    public abstract string Type { get; }

    public HealthStatus Health { get; set; } = HealthStatus.Unknown;

    public DateTime? StartedAt { get; private set; }

    public string State => OwnState ?? AggregateState();

    public virtual IEnumerable<string> EndpointUrls =>
        Resource.Annotations.OfType<EndpointAnnotation>().Select(e => e.AllocatedEndpoint?.Url).OfType<string>();

    /// <summary>Fails before anything starts when a program is missing.</summary>
    public virtual void CheckPrerequisites()
    {
    }

    /// <summary>Set when starting failed (a dependency failed, a command exited non-zero).</summary>
    public bool FailedToStart { get; set; }

    /// <summary>A run-to-completion resource (a migrator) rather than a long-running one.</summary>
    public virtual bool IsJob => false;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        StartedAt = DateTime.UtcNow;
        Replicas.Clear(); // a restart starts fresh replicas
        await PrepareAndStartAsync(cancellationToken);
        Wake();
    }

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next start or process start/exit, so the health loop checks at once instead of at its next tick.</summary>
    public Task Woken => _wake.Task;

    private int _waiters;

    /// <summary>Someone waits for this resource to be ready: a dependent, or a caller such as <c>check</c> or a test.</summary>
    public bool IsAwaited => Volatile.Read(ref _waiters) > 0;

    /// <summary>The first waiter wakes the health loop, which then checks at its shorter interval.</summary>
    public void AddWaiter()
    {
        if (Interlocked.Increment(ref _waiters) == 1)
        {
            Wake();
        }
    }

    public void RemoveWaiter() => Interlocked.Decrement(ref _waiters);

    private void Wake() => Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    protected abstract Task PrepareAndStartAsync(CancellationToken cancellationToken);

    public abstract Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken);

    public virtual async Task StopAsync(TimeSpan timeout)
    {
        await Task.WhenAll(Replicas.Select(r => r.StopAsync(timeout)));
        if (OwnState is not null)
        {
            OwnState = KnownResourceStates.Stopped;
        }
        Health = HealthStatus.Unknown;
    }

    protected Replica AddReplica(string name, Func<ProcessSpec> spec, bool restartOnExit = true, string? endpoint = null)
    {
        var replica = new Replica(name, spec, Services, Log, restartOnExit) { Endpoint = endpoint };
        replica.Changed += _ => Wake();
        Replicas.Add(replica);
        return replica;
    }

    /// <summary>Runs a one-shot command (initdb, pg_basebackup) to completion, its output in this resource's log.</summary>
    protected async Task RunToCompletionAsync(ProcessSpec spec, CancellationToken cancellationToken)
    {
        await using var process = ManagedProcess.Start(spec, Log, $"{Resource.Name}:{Path.GetFileName(spec.FileName)}", Services.Watchdog);
        var exitCode = await process.Exited.WaitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(spec.FileName)} failed with exit code {exitCode}; see {Services.State.LogFile(Resource.Name)}");
        }
    }

    private string AggregateState()
    {
        if (Replicas.Count == 0)
        {
            return KnownResourceStates.NotStarted;
        }
        var states = Replicas.Select(r => r.State).ToList();
        return states.Contains(KnownResourceStates.Running) ? KnownResourceStates.Running
            : states.All(s => s == states[0]) ? states[0]
            : KnownResourceStates.Starting;
    }
}
