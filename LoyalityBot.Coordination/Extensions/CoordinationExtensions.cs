using LoyalityBot.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class CoordinationExtensions
{
    /// <summary>
    /// Registers the Redis coordination services on the connection from <c>AddRedisClient</c>: the rate limiter,
    /// locks, de-duplication, conversation state (options from the <c>ConversationState</c> section) and the catalog
    /// cache's <see cref="CatalogGeneration"/> (under <c>Cache:KeyPrefix</c>, which separates deployments sharing a Redis).
    /// </summary>
    public static IHostApplicationBuilder AddRedisCoordination(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ConversationStoreOptions.SectionName).Get<ConversationStoreOptions>() ?? new();
        if (options.StateTtl <= TimeSpan.Zero || options.DraftTtl <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{ConversationStoreOptions.SectionName}: StateTtl and DraftTtl must be positive.");
        }
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new RedisRateLimiter(sp.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton(sp => new RedisLock(sp.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton(sp => new RedisDeduplicator(sp.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton(sp => new RedisConversationStore(sp.GetRequiredService<IConnectionMultiplexer>(), options));
        var cachePrefix = builder.Configuration["Cache:KeyPrefix"];
        builder.Services.AddSingleton(sp => new CatalogGeneration(sp.GetRequiredService<IConnectionMultiplexer>(), cachePrefix));
        return builder;
    }
}
