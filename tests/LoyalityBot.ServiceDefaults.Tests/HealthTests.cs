using System.Net;
using LoyalityBot.Hosting.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LoyalityBot.ServiceDefaults.Tests;

/// <summary>
/// /health is readiness over every dependency the service registered (Postgres primary and replicas, Redis, RabbitMQ);
/// /alive is liveness only, so Kubernetes never restarts a service because a dependency is down.
/// </summary>
public sealed class HealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Registers the dependencies as the services do, from Aspire's connection-string names.</summary>
    private static void AddDependencies(WebApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("loyalty");
        builder.AddNpgsqlDataSource("loyalty-readonly", serviceKey: "readonly");
        builder.AddRedisClient("cache");
        builder.AddRabbitMQClient("messaging");
    }

    private static async Task<Dictionary<string, string?>> RealDependenciesAsync()
    {
        var postgres = await TestServers.PostgresAsync();
        var database = await postgres.CreateDatabaseAsync("health", Ct);
        return new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            ["ConnectionStrings:messaging"] = (await TestServers.RabbitMQAsync()).ConnectionString,
        };
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(WebApplication app, string path)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };
        using var response = await http.GetAsync(path, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Health_checks_every_dependency_and_alive_only_the_process()
    {
        await using var app = await TestService.StartAsync(await RealDependenciesAsync(), AddDependencies);

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(["cache", "loyalty", "loyalty-readonly", "messaging", "self"], report.Entries.Keys.Order());
        Assert.All(report.Entries, entry => Assert.Equal(HealthStatus.Healthy, entry.Value.Status));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, Extensions.HealthEndpointPath));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, Extensions.AlivenessEndpointPath));
    }

    [Theory]
    [InlineData("cache")]
    [InlineData("loyalty")]
    [InlineData("loyalty-readonly")]
    [InlineData("messaging")]
    public async Task A_dependency_that_is_down_makes_the_service_unready_but_still_alive(string dependency)
    {
        var configuration = await RealDependenciesAsync();
        var port = TestService.ClosedPort();
        configuration[$"ConnectionStrings:{dependency}"] = dependency switch
        {
            "cache" => $"127.0.0.1:{port},password=x,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000",
            "messaging" => $"amqp://guest:x@127.0.0.1:{port}",
            _ => $"Host=127.0.0.1;Port={port};Username=postgres;Password=x;Database=loyalty;Timeout=2",
        };
        await using var app = await TestService.StartAsync(configuration, AddDependencies);

        var report = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries[dependency].Status);
        Assert.All(report.Entries.Where(e => e.Key != dependency), entry => Assert.Equal(HealthStatus.Healthy, entry.Value.Status));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(app, Extensions.HealthEndpointPath));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, Extensions.AlivenessEndpointPath));
    }

    [Fact]
    public async Task A_service_started_before_its_broker_is_up_connects_once_it_is()
    {
        var configuration = await RealDependenciesAsync();
        var broker = new Uri(configuration["ConnectionStrings:messaging"]!);
        var port = TestService.ClosedPort();
        configuration["ConnectionStrings:messaging"] = new UriBuilder(broker) { Port = port }.Uri.ToString();
        await using var app = await TestService.StartAsync(configuration, AddDependencies);
        var health = app.Services.GetRequiredService<HealthCheckService>();
        var source = app.Services.GetRequiredService<RabbitMQConnectionSource>();

        var before = await health.CheckHealthAsync(Ct);
        Assert.Equal(HealthStatus.Unhealthy, before.Entries["messaging"].Status);
        Assert.StartsWith("Connecting to RabbitMQ", before.Entries["messaging"].Description);
        await WaitUntilAsync(() => Task.FromResult(source.Attempts >= 3)); // it retries rather than failing

        await using (TcpForwarder.Start(port, broker.Host, broker.Port))
        {
            // Retries are at most 4 s apart, so the broker is found within seconds of coming up.
            await WaitUntilAsync(async () => (await health.CheckHealthAsync(Ct)).Status == HealthStatus.Healthy);
            Assert.True(app.Services.GetRequiredService<IConnection>().IsOpen);
        }
    }

    [Fact]
    public async Task Refused_credentials_are_not_retried()
    {
        var configuration = await RealDependenciesAsync();
        configuration["ConnectionStrings:messaging"] = new UriBuilder(new Uri(configuration["ConnectionStrings:messaging"]!)) { Password = "wrong" }.Uri.ToString();
        await using var app = await TestService.StartAsync(configuration, AddDependencies);
        var source = app.Services.GetRequiredService<RabbitMQConnectionSource>();

        var connecting = source.Connection;

        var refused = await Assert.ThrowsAsync<BrokerUnreachableException>(() => connecting);
        Assert.IsType<AuthenticationFailureException>(refused.InnerException);
        Assert.Equal(1, source.Attempts);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(100, Ct);
        }
    }
}
