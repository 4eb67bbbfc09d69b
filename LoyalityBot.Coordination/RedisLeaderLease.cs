using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// One holder at a time across replicas (<c>lease:{name}</c>), for work that must run once: a long-polling
/// loop, a scheduler. The holder renews before expiry; if it dies, another replica takes over after the TTL.
/// </summary>
public sealed class RedisLeaderLease(IConnectionMultiplexer redis, string name, TimeSpan ttl)
{
    private readonly RedisKey _key = $"lease:{name}";
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Takes the lease if it is free, or renews it if this instance holds it; false when another holds it.</summary>
    public async Task<bool> TryAcquireOrRenewAsync()
    {
        var db = redis.GetDatabase();
        if (await db.StringSetAsync(_key, _holder, ttl, When.NotExists))
        {
            return true;
        }
        return (int)await db.ScriptEvaluateAsync(RedisScripts.ExpireIfOwner, [_key], [_holder, (long)ttl.TotalMilliseconds]) == 1;
    }

    public async Task ReleaseAsync() =>
        await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.DeleteIfOwner, [_key], [_holder]);
}
