using System.Text.Json;
using LoyalityBot.Coordination;
using StackExchange.Redis;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>
/// Hot catalog reads (promotions, services, partners) cached in Redis for every replica. Keys carry the
/// <see cref="CatalogGeneration"/>; whoever changes a promotion, service or partner (the API, the bots, the workers)
/// bumps it, so every cached page is invalid at once, and the old keys simply expire. The 30 s TTL bounds staleness should a bump be lost or a replica replay the change after a reader refilled the key.
/// </summary>
public sealed class CatalogCache(IConnectionMultiplexer redis, CatalogGeneration generation, ApiMetrics metrics, IConfiguration configuration)
{
    /// <summary><c>Cache:KeyPrefix</c> separates deployments (or test runs) that share one Redis.</summary>
    private readonly string prefix = configuration["Cache:KeyPrefix"] + "api:catalog:";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS[1] = the generation key; ARGV = prefix, page key. Answers {generation, page or nil}.
    private const string Lookup = """
        local generation = redis.call('GET', KEYS[1]) or '0'
        return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}
        """;

    public async Task<T> GetOrCreateAsync<T>(string key, Func<Task<T>> create)
    {
        var db = redis.GetDatabase();
        // One round trip for the generation and the page under it (the hot path of every catalog read).
        var found = (RedisResult[])(await db.ScriptEvaluateAsync(Lookup, [generation.Key], [prefix, key]))!;
        var fullKey = $"{prefix}{(string?)found[0]}:{key}";
        var cached = (RedisValue)found[1];
        if (!cached.IsNullOrEmpty)
        {
            metrics.CatalogCache.Add(1, new KeyValuePair<string, object?>("outcome", "hit"));
            return JsonSerializer.Deserialize<T>(cached.ToString(), Json)!;
        }
        metrics.CatalogCache.Add(1, new KeyValuePair<string, object?>("outcome", "miss"));
        var value = await create();
        await db.StringSetAsync(fullKey, JsonSerializer.Serialize(value, Json), Ttl);
        return value;
    }
}
