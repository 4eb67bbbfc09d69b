using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>Where a project runner reports which of its replicas can take traffic.</summary>
internal interface ILoadBalancerTarget
{
    void SetDestinations(string name, IReadOnlyList<string> destinations);
}

/// <summary>
/// The endpoint every project is reached at, owned by the AppHost as in Aspire's orchestrator: YARP on loopback,
/// one port per project, least-requests balancing over its replicas. A replica joins the pool once its process passed
/// a health check and leaves it at once when its process exits (the runner reports both), after two failed active probes
/// (1 s apart) when it hangs, and for 5 s after transport failures.
/// </summary>
internal sealed class LoadBalancer : ILoadBalancerTarget, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InMemoryConfigProvider _config;
    private readonly Dictionary<string, Frontend> _frontends;
    private readonly Lock _gate = new();

    public sealed record Frontend(string Name, int Port, string ProbePath)
    {
        public IReadOnlyList<string> Destinations { get; set; } = [];
    }

    private LoadBalancer(WebApplication app, Dictionary<string, Frontend> frontends)
    {
        _app = app;
        _frontends = frontends;
        _config = app.Services.GetRequiredService<InMemoryConfigProvider>();
    }

    public static async Task<LoadBalancer> StartAsync(IReadOnlyList<Frontend> frontends, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var frontend in frontends)
            {
                kestrel.Listen(IPAddress.Loopback, frontend.Port);
            }
        });
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        var app = builder.Build();
        app.MapReverseProxy();
        var balancer = new LoadBalancer(app, frontends.ToDictionary(f => f.Name));
        balancer.Publish();
        await app.StartAsync(cancellationToken);
        return balancer;
    }

    /// <summary>The routes and clusters YARP runs with now.</summary>
    internal IProxyConfig Config => _config.GetConfig();

    /// <summary>Replaces the replicas behind a project (called when a replica starts or exits).</summary>
    public void SetDestinations(string name, IReadOnlyList<string> destinations)
    {
        lock (_gate)
        {
            _frontends[name].Destinations = destinations;
            Publish();
        }
    }

    private void Publish()
    {
        var routes = _frontends.Values.Select(f => new RouteConfig
        {
            RouteId = f.Name,
            ClusterId = f.Name,
            Match = new RouteMatch { Path = "{**catch-all}", Hosts = [$"*:{f.Port}"] },
        }).ToList();
        var clusters = _frontends.Values.Select(f => new ClusterConfig
        {
            ClusterId = f.Name,
            LoadBalancingPolicy = "LeastRequests",
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = TimeSpan.FromSeconds(1),
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = "ConsecutiveFailures",
                    Path = f.ProbePath,
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = TimeSpan.FromSeconds(5),
                },
            },
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "2" },
            Destinations = f.Destinations.Select((url, i) => (url, i))
                .ToDictionary(d => $"{f.Name}-{d.i}", d => new DestinationConfig { Address = d.url }),
        }).ToList();
        _config.Update(routes, clusters);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
