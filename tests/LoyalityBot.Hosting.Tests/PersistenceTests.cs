using LoyalityBot.Hosting.Testing;
using StackExchange.Redis;

namespace LoyalityBot.Hosting.Tests;

[Collection(StackCollection.Name)] // starts servers: one at a time with the stacks, not beside a stack that is starting
public sealed class PersistenceTests
{
    [Fact]
    public async Task A_redis_key_written_before_a_full_restart_is_there_after_it()
    {
        var state = TestStateDirectory.Create("persist");
        var ct = TestContext.Current.CancellationToken;

        await using (var first = await StartRedisAsync(state))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(ConnectionString(first));
            await redis.GetDatabase().StringSetAsync("survives", "restart");
        }

        await using var second = await StartRedisAsync(state);
        await using var again = await ConnectionMultiplexer.ConnectAsync(ConnectionString(second));
        Assert.Equal("restart", (string?)await again.GetDatabase().StringGetAsync("survives"));
        ct.ThrowIfCancellationRequested();
    }

    private static async Task<DistributedApplication> StartRedisAsync(string state)
    {
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("persist", state);
        builder.AddRedis("cache");
        var app = builder.Build();
        await app.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.WaitForResourceHealthyAsync("cache", timeout.Token);
        return app;
    }

    private static string ConnectionString(DistributedApplication app) =>
        app.Resources.OfType<ApplicationModel.RedisResource>().Single().ConnectionStringExpression.GetValue()!;
}
