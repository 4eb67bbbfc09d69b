using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// The generation of the Mini App catalog cache: a Redis counter that every cached catalog page is keyed under. Any
/// service that changes what the catalog shows (partner content, moderation, new partners, photos) bumps it after its
/// commit, so every replica's cached pages are invalid at once, whichever process wrote.
/// </summary>
public sealed class CatalogGeneration(IConnectionMultiplexer redis, string? keyPrefix)
{
    /// <summary>The key the API has always used (<c>{Cache:KeyPrefix}api:catalog:generation</c>), kept for rolling deploys.</summary>
    public string Key { get; } = keyPrefix + "api:catalog:generation";

    /// <summary>The current generation (0 before the first change).</summary>
    public async Task<long> CurrentAsync() => (long?)await redis.GetDatabase().StringGetAsync(Key) ?? 0;

    /// <summary>Call after a catalog change commits; answers the new generation.</summary>
    public Task<long> BumpAsync() => redis.GetDatabase().StringIncrementAsync(Key);
}
