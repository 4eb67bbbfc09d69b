using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting.Tests;

/// <summary>The whole AppHost model on real servers: health, load balancing over replicas, crash recovery.</summary>
[Collection(StackCollection.Name)]
public sealed class StackTests(StackFixture stack)
{
    /// <remarks>How fast is `./build.sh bench startup`'s figure (startup_cold_seconds is this start), not a timed test.</remarks>
    [Fact]
    public void Every_resource_of_the_apphost_becomes_healthy()
    {
        var resources = stack.App.Orchestrator.GetResources();

        Assert.Equal(
            ["api", "bots", "cache", "loyalty", "loyalty-readonly", "messaging", "migrations", "postgres", "postgres-replicas", "telegram", "workers"],
            resources.Select(r => r.Name).Order());
        // Only the unhealthy ones are described (a description copies the resource's log buffer), in full: xunit
        // would cut long strings short in a collection.
        var unhealthy = resources.Where(r => r.Health != nameof(HealthStatus.Healthy)).Select(r => stack.App.Orchestrator.Describe(r.Name)).ToList();
        Assert.True(unhealthy.Count == 0, string.Join("\n\n", unhealthy));
        Assert.Equal(KnownResourceStates.Finished, resources.Single(r => r.Name == "migrations").State);
        Assert.Equal(3, resources.Single(r => r.Name == "bots").Instances.Count);
    }

    [Fact]
    public async Task Killing_a_replica_keeps_the_balanced_endpoint_answering_and_the_replica_comes_back()
    {
        await stack.WaitForAllHealthyAsync();
        var orchestrator = stack.App.Orchestrator;
        var api = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == "api");
        var endpoint = api.GetEndpoint("http").GetValue();
        var killed = orchestrator.GetResources().Single(r => r.Name == "api").Instances[0];

        orchestrator.KillReplica("api", 0);
        await WaitUntilAsync(() => Replica("api", 0).Pid != killed.Pid, TimeSpan.FromSeconds(5));

        using var http = new HttpClient { BaseAddress = new Uri(endpoint!) };
        for (var i = 0; i < 40; i++)
        {
            using var response = await http.GetAsync("/alive", TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"request {i}: {(int)response.StatusCode}");
        }

        // The restart itself has no deadline of its own (only the backoff); a loaded CI machine needs more than 30 s.
        await WaitUntilAsync(() => Replica("api", 0) is { State: KnownResourceStates.Running, Health: "Healthy", Restarts: >= 1 },
            TimeSpan.FromSeconds(90));
        Assert.NotEqual(killed.Pid, Replica("api", 0).Pid);
    }

    /// <summary>
    /// Under steady concurrent load, SIGKILL of one api replica. Requests already on their way to it may fail; from the
    /// moment the AppHost has seen the exit (plus 1 s for YARP to apply its new pool), and at the latest from 5 s after
    /// the kill, every request through the balanced endpoint succeeds, while the killed replica restarts and starts up.
    /// Both positions in the pool: the first replica's death shifts the others in the balancer's list, the last one's does not.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task After_sigkill_of_a_replica_every_balanced_request_succeeds_once_the_apphost_saw_it_exit(int index)
    {
        await stack.WaitForAllHealthyAsync();
        var orchestrator = stack.App.Orchestrator;
        var endpoint = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == "api").GetEndpoint("http").GetValue()!;
        var killed = Replica("api", index);
        await using var traffic = Traffic.Start(endpoint, "/alive");
        await WaitUntilAsync(() => traffic.Requests.Count(r => r.Succeeded) >= 20, TimeSpan.FromSeconds(10));

        orchestrator.KillReplica("api", index);
        var killedAt = traffic.Now;
        await WaitUntilAsync(() => Replica("api", index).Pid != killed.Pid, TimeSpan.FromSeconds(5)); // the exit, seen
        var exitSeenAt = traffic.Now;
        Assert.False(ProcessTree.IsAlive(killed.Pid!.Value));
        // Past the restart: the new process has started, answered its probes, and served for a while.
        await WaitUntilAsync(() => Replica("api", index) is { State: KnownResourceStates.Running, Health: "Healthy" } replica
            && replica.Restarts > killed.Restarts && replica.Pid != killed.Pid, TimeSpan.FromSeconds(90));
        var healthyAt = traffic.Now;
        await WaitUntilAsync(() => traffic.Now > healthyAt + TimeSpan.FromSeconds(3) && traffic.Now > killedAt + TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15));

        var requests = traffic.Requests;
        var failed = requests.Where(r => !r.Succeeded).Select(r => (r.SentAt - killedAt).TotalSeconds).ToList();
        var timeline = $"{failed.Count} of {requests.Count} requests failed (sent {(failed.Count > 0 ? $"{failed.Min():0.00} to {failed.Max():0.00}" : "-")} s "
            + $"after the kill); exit seen after {(exitSeenAt - killedAt).TotalSeconds:0.00} s, healthy again after {(healthyAt - killedAt).TotalSeconds:0.0} s";
        TestContext.Current.TestOutputHelper?.WriteLine(timeline);
        var mustSucceedFrom = TimeSpan.FromTicks(Math.Min((exitSeenAt + TimeSpan.FromSeconds(1)).Ticks, (killedAt + TimeSpan.FromSeconds(5)).Ticks));
        Assert.True(requests.Where(r => r.SentAt >= mustSucceedFrom).All(r => r.Succeeded), timeline);
        Assert.NotEqual(killed.Pid, Replica("api", index).Pid);
    }

    [Fact]
    public async Task Services_serve_liveness_readiness_and_prometheus_metrics_through_the_load_balancer()
    {
        await stack.WaitForAllHealthyAsync();
        foreach (var service in new[] { "api", "bots", "workers", "telegram" })
        {
            var url = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == service).GetEndpoint("http").GetValue();
            using var http = new HttpClient { BaseAddress = new Uri(url!) };
            var ct = TestContext.Current.CancellationToken;

            Assert.Equal("Healthy", await http.GetStringAsync("/health", ct));
            Assert.Equal("Healthy", await http.GetStringAsync("/alive", ct));
            var metrics = await http.GetStringAsync("/metrics", ct);
            Assert.Contains("# TYPE ", metrics, StringComparison.Ordinal);
            Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The AppHost checks Postgres and RabbitMQ every second on kept connections: the same Postgres sessions answer
    /// check after check, and the broker logs no new "apphost-health" connection, so checking costs no fork, SCRAM or
    /// AMQP handshake per second (CPU the stack's start needs).
    /// </summary>
    [Fact]
    public async Task Health_checks_reuse_their_connections()
    {
        var ct = TestContext.Current.CancellationToken;
        await stack.WaitForAllHealthyAsync();
        var postgres = stack.App.Resources.OfType<PostgresServerResource>().Single();
        var brokerLog = stack.App.Orchestrator.State.LogFile("messaging");
        await using var connection = new Npgsql.NpgsqlConnection(postgres.ConnectionStringExpression.GetValue());
        await connection.OpenAsync(ct);
        async Task<long[]> HealthSessionsAsync()
        {
            await using var sessions = new Npgsql.NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'apphost-health' ORDER BY pid", connection);
            await using var reader = await sessions.ExecuteReaderAsync(ct);
            var pids = new List<long>();
            while (await reader.ReadAsync(ct))
            {
                pids.Add(reader.GetInt32(0));
            }
            return [.. pids];
        }
        int BrokerHealthConnections() =>
            File.ReadLines(brokerLog).Count(line => line.Contains("client-provided name: apphost-health", StringComparison.Ordinal));

        var sessionsBefore = await HealthSessionsAsync();
        var connectionsBefore = BrokerHealthConnections();
        await Task.Delay(TimeSpan.FromSeconds(3.5), ct); // three checks of each resource

        Assert.NotEmpty(sessionsBefore);
        Assert.Equal(sessionsBefore, await HealthSessionsAsync());
        Assert.True(connectionsBefore >= 1, "the broker logged no health connection at all");
        Assert.Equal(connectionsBefore, BrokerHealthConnections());
    }

    [Fact]
    public async Task Migrations_run_to_completion_before_the_services_start()
    {
        await stack.WaitForAllHealthyAsync();
        var resources = stack.App.Orchestrator.GetResources();
        var migrated = resources.Single(r => r.Name == "migrations").Instances.Single();
        var loyalty = stack.App.Resources.OfType<PostgresDatabaseResource>().Single(d => d.Name == "loyalty");

        await using var connection = new Npgsql.NpgsqlConnection(loyalty.ConnectionStringExpression.GetValue());
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var history = new Npgsql.NpgsqlCommand("SELECT count(*) FROM ef_migrations_history", connection);
        Assert.True((long)(await history.ExecuteScalarAsync(TestContext.Current.CancellationToken))! > 0);
        Assert.Equal(0, migrated.ExitCode);
        Assert.All(resources.Where(r => r.Name is "api" or "bots" or "workers").SelectMany(r => r.Instances),
            service => Assert.True(service.StartedAt > migrated.StartedAt, $"{service.Name} started before the migrations"));
    }

    [Fact]
    public async Task Without_bot_tokens_the_services_get_the_sandbox_and_its_bots()
    {
        await stack.WaitForAllHealthyAsync();
        var bots = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == "bots");
        var environment = ResourceEnvironment.Resolve(ResourceEnvironment.Collect(bots, stack.App.ExecutionContext));
        var sandbox = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == "telegram").GetEndpoint("http").GetValue();

        Assert.Equal(sandbox, environment["Telegram__ApiBaseUrl"]);
        Assert.Matches("^7000000002:[A-Za-z0-9]{35}$", environment["Telegram__Bots__partner__Token"]);

        using var http = new HttpClient();
        var getMe = await http.GetStringAsync($"{sandbox}/bot{environment["Telegram__Bots__client__Token"]}/getMe", TestContext.Current.CancellationToken);
        Assert.Contains("\"username\":\"loyalitybot_client_bot\"", getMe, StringComparison.Ordinal);
    }

    private ReplicaSnapshot Replica(string resource, int index) =>
        stack.App.Orchestrator.GetResources().Single(r => r.Name == resource).Instances[index];

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout.TotalSeconds} s");
            await Task.Delay(100);
        }
    }
}
