using LoyalityBot.Hosting.Runtime;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// The AppHost's YARP load balancer over real HTTP servers: its cluster settings, a replica that stops answering
/// without its exit being reported (only the health checks can take it out), and one that is reported gone.
/// </summary>
public sealed class LoadBalancerTests
{
    private static readonly TimeSpan LeavesThePoolWithin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Each_project_cluster_balances_by_least_requests_with_active_and_passive_health_checks()
    {
        var port = PortAllocator.Allocate();
        await using var balancer = await LoadBalancer.StartAsync([new LoadBalancer.Frontend("api", port, "/health")], TestContext.Current.CancellationToken);

        balancer.SetDestinations("api", ["http://127.0.0.1:41001", "http://127.0.0.1:41002"]);

        var route = Assert.Single(balancer.Config.Routes);
        Assert.Equal(["*:" + port], route.Match.Hosts);
        var cluster = Assert.Single(balancer.Config.Clusters);
        Assert.Equal(route.ClusterId, cluster.ClusterId);
        Assert.Equal(LoadBalancingPolicies.LeastRequests, cluster.LoadBalancingPolicy);
        Assert.Equal(["http://127.0.0.1:41001", "http://127.0.0.1:41002"], cluster.Destinations!.Values.Select(d => d.Address).Order());

        var active = cluster.HealthCheck!.Active!;
        Assert.True(active.Enabled);
        Assert.Equal("/health", active.Path);
        Assert.Equal(TimeSpan.FromSeconds(1), active.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), active.Timeout);
        Assert.Equal(HealthCheckConstants.ActivePolicy.ConsecutiveFailures, active.Policy);
        Assert.Equal("2", cluster.Metadata![ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName]);

        var passive = cluster.HealthCheck.Passive!;
        Assert.True(passive.Enabled);
        Assert.Equal(HealthCheckConstants.PassivePolicy.TransportFailureRate, passive.Policy);
        Assert.Equal(TimeSpan.FromSeconds(5), passive.ReactivationPeriod);
    }

    /// <summary>A replica that hangs or dies unnoticed: the active probes (and the passive check) take it out of the pool.</summary>
    [Fact]
    public async Task A_replica_that_stops_answering_unreported_gets_no_request_after_5_seconds()
    {
        await using var pool = await TwoReplicaPool.StartAsync();
        await using var traffic = await pool.StartTrafficAsync();

        await pool.B.StopAsync();
        var stoppedAt = traffic.Now;
        await StackTests.WaitUntilAsync(() => traffic.Now > stoppedAt + LeavesThePoolWithin + TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));

        var after = traffic.Requests.Where(r => r.SentAt >= stoppedAt + LeavesThePoolWithin).ToList();
        Assert.True(after.Count >= 20, $"only {after.Count} requests in the last 3 s");
        Assert.All(after, r => Assert.Equal((200, "a"), (r.Status, r.Body)));
    }

    /// <summary>
    /// When the runner reports a replica gone (its process exited), the replicas that stay keep their own health:
    /// the failures the gone one collected must not make a healthy replica look unhealthy.
    /// </summary>
    [Fact]
    public async Task A_replica_reported_gone_leaves_its_failures_behind_and_the_others_answer_every_request()
    {
        await using var pool = await TwoReplicaPool.StartAsync();
        await using (var traffic = await pool.StartTrafficAsync())
        {
            await pool.A.StopAsync();
            // Requests to "a" fail, then its health checks take it out: the last 20 requests all went to "b".
            await StackTests.WaitUntilAsync(() => traffic.Requests.Any(r => !r.Succeeded), TimeSpan.FromSeconds(10));
            await StackTests.WaitUntilAsync(() => traffic.Requests.TakeLast(20).All(r => r.Succeeded), TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(2.5), TestContext.Current.CancellationToken); // two active probes of "a" have failed too
            TestContext.Current.TestOutputHelper?.WriteLine($"{traffic.Requests.Count(r => !r.Succeeded)} requests failed before \"a\" left the pool");
        }

        pool.Balancer.SetDestinations("api", [pool.B.Url]);

        await using var after = Traffic.Start(pool.Url, "/");
        await StackTests.WaitUntilAsync(() => after.Requests.Count >= 40, TimeSpan.FromSeconds(10));
        Assert.All(after.Requests, r => Assert.Equal((200, "b"), (r.Status, r.Body)));
    }

    /// <summary>Backends "a" and "b" behind the balancer's "api" frontend, "a" first.</summary>
    private sealed record TwoReplicaPool(NamedBackend A, NamedBackend B, LoadBalancer Balancer, string Url) : IAsyncDisposable
    {
        public static async Task<TwoReplicaPool> StartAsync()
        {
            var a = await NamedBackend.StartAsync("a");
            var b = await NamedBackend.StartAsync("b");
            var port = PortAllocator.Allocate();
            var balancer = await LoadBalancer.StartAsync([new LoadBalancer.Frontend("api", port, "/health")], TestContext.Current.CancellationToken);
            balancer.SetDestinations("api", [a.Url, b.Url]);
            return new TwoReplicaPool(a, b, balancer, $"http://127.0.0.1:{port}");
        }

        /// <summary>Steady traffic through the balancer, once both replicas have served some of it.</summary>
        public async Task<Traffic> StartTrafficAsync()
        {
            var traffic = Traffic.Start(Url, "/");
            await StackTests.WaitUntilAsync(
                () => traffic.Requests.Where(r => r.Succeeded).Select(r => r.Body).ToHashSet().SetEquals(["a", "b"]), TimeSpan.FromSeconds(10));
            return traffic;
        }

        public async ValueTask DisposeAsync()
        {
            await Balancer.DisposeAsync();
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }
}
