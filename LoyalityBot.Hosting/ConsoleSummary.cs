using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting;

/// <summary>The AppHost's console: a start banner, one line per state or health change, and a resource table.</summary>
internal sealed class ConsoleSummary(TextWriter output)
{
    private readonly Lock _gate = new();

    public void PrintStarted(string stateDirectory, string? dashboardLoginUrl)
    {
        output.WriteLine($"LoyalityBot AppHost: state in {stateDirectory} (logs in {Path.Combine(stateDirectory, "logs")})");
        output.WriteLine(dashboardLoginUrl is null ? "Dashboard: off" : $"Dashboard: {dashboardLoginUrl}");
    }

    public void OnResourceChanged(ResourceSnapshot resource)
    {
        lock (_gate)
        {
            output.WriteLine($"  {resource.Name,-18} {resource.State,-14} {resource.Health}");
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
