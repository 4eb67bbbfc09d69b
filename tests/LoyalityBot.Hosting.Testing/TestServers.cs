using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Real PostgreSQL (primary plus a streaming replica), Redis and RabbitMQ for integration tests, started through
/// the AppHost's own runners (the same methods, processes and settings as <c>./build.sh run</c>), once per test
/// process and shared; each kind starts on first use. They stop when the test process exits.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<PostgresTestServer>> Postgres = new(StartPostgresAsync);
    private static readonly Lazy<Task<RedisTestServer>> Redis = new(StartRedisAsync);
    private static readonly Lazy<Task<RabbitMQTestServer>> RabbitMQ = new(StartRabbitMQAsync);

    public static Task<PostgresTestServer> PostgresAsync() => Postgres.Value;

    public static Task<RedisTestServer> RedisAsync() => Redis.Value;

    public static Task<RabbitMQTestServer> RabbitMQAsync() => RabbitMQ.Value;

    private static async Task<PostgresTestServer> StartPostgresAsync()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("postgres");
        var postgres = builder.AddPostgres("postgres").WithReadReplicas(1);
        var template = postgres.AddDatabase("postgres-db", "postgres");
        var readOnly = template.AddReadOnlyDatabase("postgres-db-readonly");
        await StartAsync(builder, readOnly.Resource.Name);
        return new PostgresTestServer(
            template.Resource.ConnectionStringExpression.GetValue()!,
            readOnly.Resource.ConnectionStringExpression.GetValue()!);
    }

    private static async Task<RedisTestServer> StartRedisAsync()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("redis");
        var redis = builder.AddRedis("cache");
        await StartAsync(builder, redis.Resource.Name);
        return new RedisTestServer(redis.Resource.ConnectionStringExpression.GetValue()!);
    }

    private static async Task<RabbitMQTestServer> StartRabbitMQAsync()
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("rabbitmq");
        var rabbit = builder.AddRabbitMQ("messaging");
        await StartAsync(builder, rabbit.Resource.Name);
        return new RabbitMQTestServer(rabbit.Resource.ConnectionStringExpression.GetValue()!);
    }

    private static async Task StartAsync(IDistributedApplicationBuilder builder, string waitFor)
    {
        var app = builder.Build();
        TestStateDirectory.StopOnExit(app);
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.WaitForResourceHealthyAsync(waitFor, timeout.Token);
    }
}

public sealed record RedisTestServer(string ConnectionString);

public sealed record RabbitMQTestServer(string ConnectionString);
