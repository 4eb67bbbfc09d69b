using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>
/// Runs a project's replicas from its build output (<c>dotnet bin/{Configuration}/net10.0/{Name}.dll</c>), each on
/// its own port behind the load balancer's endpoint. A project others wait for with WaitForCompletion is a job:
/// it runs once and is not restarted.
/// </summary>
internal sealed class ProjectRunner(ProjectResource project, RuntimeServices services, ILoadBalancerTarget loadBalancer, bool isJob)
    : ResourceRunner(project, services)
{
    private readonly Lock _publishing = new();
    private string _assembly = "";

    public override string Type => isJob ? "Project (job)" : "Project";

    public override bool IsJob => isJob;

    /// <summary>A job listens nowhere that others use.</summary>
    public override IEnumerable<string> EndpointUrls => isJob ? [] : base.EndpointUrls;

    public const string HttpEndpointName = "http";

    public static string ReplicaPortKey(ProjectResource project, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{project.Name}/{HttpEndpointName}/replica-{index}");

    public override void CheckPrerequisites()
    {
        var directory = Path.GetDirectoryName(project.ProjectPath)!;
        var name = Path.GetFileNameWithoutExtension(project.ProjectPath);
        _assembly = Path.Combine(directory, "bin", Services.BuildConfiguration, "net10.0", name + ".dll");
        if (!File.Exists(_assembly))
        {
            throw new InvalidOperationException(
                $"{_assembly} does not exist: build the solution first (dotnet build LoyalityBot.sln, or ./build.sh run).");
        }
    }

    protected override Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(project.ProjectPath)!;
        for (var i = 0; i < project.Replicas; i++)
        {
            var index = i;
            var port = Services.State.GetOrAllocatePort(ReplicaPortKey(project, index));
            var replica = AddReplica(
                string.Create(CultureInfo.InvariantCulture, $"{project.Name}-{index}"),
                () => new ProcessSpec("dotnet", [_assembly])
                {
                    WorkingDirectory = directory,
                    Environment = ProjectEnvironment.ForReplica(project, index, port, Services.ProjectSettings),
                },
                restartOnExit: !isJob,
                endpoint: string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
            if (!isJob)
            {
                replica.Changed += _ => PublishDestinations(); // jobs take no traffic
            }
        }
        Replicas.ForEach(r => r.Start());
        return Task.CompletedTask;
    }

    /// <summary>
    /// A replica joins the pool once its process has passed a health check (a restarted one does not listen at first)
    /// and leaves it the moment its process exits; in between, YARP's probes take it out while it hangs.
    /// </summary>
    private void PublishDestinations()
    {
        // Replicas change from their supervisors and from the health loop at once: one list at a time, never a stale one last.
        lock (_publishing)
        {
            loadBalancer.SetDestinations(project.Name,
                Replicas.Where(r => r.State == KnownResourceStates.Running && r.Process is { HasExited: false } && r.HasBeenHealthy)
                    .Select(r => r.Endpoint!).ToList());
        }
    }

    public override async Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (Replicas.Count == 0)
        {
            // Started, but its replicas are not created yet: "all replicas healthy (finished)" would be true of none.
            return HealthStatus.Unknown;
        }
        if (isJob)
        {
            return Replicas.All(r => r.State == KnownResourceStates.Finished) ? HealthStatus.Healthy : HealthStatus.Unknown;
        }
        var probe = project.Annotations.OfType<HttpHealthCheckAnnotation>().LastOrDefault();
        // All replicas at once: one still starting does not hold back the others' probes.
        await Task.WhenAll(Replicas.Select(async replica => replica.Health =
            replica.State != KnownResourceStates.Running ? HealthStatus.Unhealthy
            : probe is null ? HealthStatus.Healthy
            : await ProbeAsync(replica.Endpoint + probe.Path, cancellationToken)));
        return Replicas.All(r => r.Health == HealthStatus.Healthy) ? HealthStatus.Healthy : HealthStatus.Unhealthy;
    }

    private static async Task<HealthStatus> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await RuntimeServices.Http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthStatus.Unhealthy;
        }
    }
}
