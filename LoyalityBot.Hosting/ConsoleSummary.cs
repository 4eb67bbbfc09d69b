using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting;

/// <summary>
/// The AppHost's console: a start banner, one line when a resource becomes ready, fails or recovers (not every
/// probe), and the resource table. Everything else is in the dashboard and the log files.
/// </summary>
internal sealed class ConsoleSummary(TextWriter output)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _lastShown = [];

    public void PrintStarted(string stateDirectory, string? dashboardLoginUrl)
    {
        output.WriteLine($"LoyalityBot AppHost: state in {stateDirectory} (logs in {Path.Combine(stateDirectory, "logs")})");
        output.WriteLine(dashboardLoginUrl is null ? "Dashboard: off" : $"Dashboard: {dashboardLoginUrl}");
    }

    public void OnResourceChanged(ResourceSnapshot resource)
    {
        var status = resource switch
        {
            { State: KnownResourceStates.Finished } => "finished",
            { State: KnownResourceStates.Exited or KnownResourceStates.FailedToStart } => $"FAILED ({resource.State})",
            { Health: nameof(HealthStatus.Healthy) } => "ready",
            _ => null,
        };
        lock (_gate)
        {
            var previous = _lastShown.GetValueOrDefault(resource.Name);
            // Before a resource was first ready, unhealthy probes are just it starting up.
            status ??= previous is "ready" ? "UNHEALTHY" : null;
            if (status is not null && status != previous)
            {
                _lastShown[resource.Name] = status;
                output.WriteLine($"  {resource.Name,-18} {status}");
            }
        }
    }

    public void PrintTable(IReadOnlyList<ResourceSnapshot> resources)
    {
        lock (_gate)
        {
            output.WriteLine($"{"RESOURCE",-18} {"TYPE",-30} {"STATE",-12} {"HEALTH",-10} {"REPLICAS",8}  ENDPOINTS");
            foreach (var r in resources)
            {
                output.WriteLine($"{r.Name,-18} {r.Type,-30} {r.State,-12} {r.Health,-10} {r.Replicas,8}  {string.Join(' ', r.Endpoints)}");
            }
        }
    }
}
