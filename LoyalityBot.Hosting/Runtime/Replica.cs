using System.Globalization;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// One supervised process of a resource. It restarts after an unexpected exit with exponential backoff
/// (<see cref="RestartBackoff.Default"/>: 1 s doubling to 30 s, reset after a minute of running) unless it is a
/// run-to-completion job.
/// </summary>
internal sealed class Replica(string name, Func<ProcessSpec> spec, RuntimeServices services, LogBuffer log, bool restartOnExit, RestartBackoff? restartBackoff = null)
{
    private readonly RestartBackoff _restartBackoff = restartBackoff ?? RestartBackoff.Default;
    private CancellationTokenSource? _stopping;
    private Task? _supervisor;

    public string Name { get; } = name;

    public ManagedProcess? Process { get; private set; }

    public string State { get; private set; } = KnownResourceStates.NotStarted;

    public HealthStatus Health
    {
        get;
        set
        {
            field = value;
            if (value == HealthStatus.Healthy && !HasBeenHealthy)
            {
                HasBeenHealthy = true;
                Changed?.Invoke(this); // its first passed check is what lets it into the load balancer's pool
            }
        }
    } = HealthStatus.Unknown;

    /// <summary>Its current process has passed a health check: a process just started may not listen yet, so it takes no traffic before.</summary>
    public bool HasBeenHealthy { get; private set; }

    public int Restarts { get; private set; }

    public int? ExitCode { get; private set; }

    /// <summary>Where this replica listens (projects), for the dashboard and the load balancer.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Raised when the process starts, first passes a health check, or exits, so the load balancer can follow.</summary>
    public event Action<Replica>? Changed;

    public void Start()
    {
        _stopping = new CancellationTokenSource();
        _supervisor = SuperviseAsync(_stopping.Token);
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        TimeSpan? backoff = null;
        while (!stopping.IsCancellationRequested)
        {
            State = KnownResourceStates.Starting;
            try
            {
                HasBeenHealthy = false;
                Process = ManagedProcess.Start(spec(), log, Name, services.Watchdog);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
            {
                log.Write(Name, $"failed to start: {ex.Message}", isError: true);
                State = KnownResourceStates.FailedToStart;
                return;
            }
            State = KnownResourceStates.Running;
            Health = HealthStatus.Unknown;
            Changed?.Invoke(this);

            var exitCode = await Process.Exited;
            ExitCode = exitCode;
            Health = HealthStatus.Unknown;
            if (stopping.IsCancellationRequested)
            {
                break;
            }
            log.Write(Name, $"exited with code {exitCode}", isError: exitCode != 0);
            if (!restartOnExit)
            {
                // The final state first: what waits for this job's completion starts when it hears of the exit.
                State = exitCode == 0 ? KnownResourceStates.Finished : KnownResourceStates.Exited;
                Changed?.Invoke(this);
                return;
            }
            Changed?.Invoke(this);

            backoff = _restartBackoff.Next(backoff, DateTime.UtcNow - Process.StartedAt);
            State = KnownResourceStates.Restarting;
            log.Write(Name, string.Create(CultureInfo.InvariantCulture, $"restarting in {backoff.Value.TotalSeconds:0.###} s"));
            try
            {
                await Task.Delay(backoff.Value, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Restarts++;
        }
    }

    public async Task StopAsync(TimeSpan timeout)
    {
        if (_stopping is null)
        {
            return;
        }
        State = KnownResourceStates.Stopping;
        await _stopping.CancelAsync();
        if (Process is { } process)
        {
            await process.StopAsync(timeout);
        }
        if (_supervisor is not null)
        {
            await _supervisor;
        }
        _stopping.Dispose();
        _stopping = null;
        State = KnownResourceStates.Stopped;
        Health = HealthStatus.Unknown;
        Changed?.Invoke(this);
    }
}
