using LoyalityBot.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class CoordinationExtensions
{
    /// <summary>
    /// Registers the Redis coordination services on the connection from <c>AddRedisClient</c>: the rate limiter,
    /// locks, de-duplication and conversation state (options from the <c>ConversationState</c> section).
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
        return builder;
    }
}
