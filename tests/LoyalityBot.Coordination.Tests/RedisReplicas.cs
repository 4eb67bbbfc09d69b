using LoyalityBot.Hosting.Testing;
using StackExchange.Redis;

namespace LoyalityBot.Coordination.Tests;

/// <summary>Two independent connections to the shared test Redis: two service replicas, as far as Redis can tell.</summary>
public sealed class RedisReplicas : IAsyncLifetime
{
    public IConnectionMultiplexer First { get; private set; } = null!;

    public IConnectionMultiplexer Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var server = await TestServers.RedisAsync();
        First = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        Second = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
    }

    /// <summary>A key name no other test uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
    }
}
