using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Runtime.Runners;
using LoyalityBot.Hosting.Testing;
using Npgsql;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// The read-only database's check (standby first, the primary as fallback) sees a standby the moment it answers.
/// Npgsql remembers a host that refused a connection as offline for 10 s by default, process-wide; the whole stack's
/// start once waited those 10 s for a standby that had refused the first check.
/// </summary>
[Collection(StackCollection.Name)] // starts servers: one at a time with the stacks
public sealed class ReadOnlyHealthCheckTests
{
    [Fact]
    public async Task A_standby_that_refused_the_last_check_is_tried_again_at_the_next()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = await TestServers.PostgresAsync();
        var readOnly = new NpgsqlConnectionStringBuilder(server.ReadOnlyConnectionString);
        var hosts = readOnly.Host!.Split(',');
        var (standbyHost, standbyPort) = HostAndPort.Parse(hosts[0]);
        // The standby behind a port of its own, closed at first: the check falls back to the primary, the wrong role.
        var port = PortAllocator.Allocate();
        readOnly.Host = $"127.0.0.1:{port},{hosts[1]}";
        readOnly.LoadBalanceHosts = false;

        Assert.Equal(HealthStatus.Unhealthy, await PostgresPrograms.CheckAsync(readOnly.ConnectionString, expectStandby: true, ct));

        await using var standby = TcpForwarder.Start(port, standbyHost, standbyPort);
        Assert.Equal(HealthStatus.Healthy, await PostgresPrograms.CheckAsync(readOnly.ConnectionString, expectStandby: true, ct));
    }
}
