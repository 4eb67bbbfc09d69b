using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// A distributed GCRA limiter: one Lua call per decision, atomic in Redis, with Redis's own clock so replicas'
/// clock skew does not matter. Keys are <c>rate_limit:{policy}:{key}</c>, as in the scaling plan, and expire
/// once idle.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis)
{
    // KEYS[1] = key; ARGV = emission interval µs, tolerance µs, quantity.
    // Returns { allowed (0|1), retry after µs, remaining }.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local interval = tonumber(ARGV[1])
        local tolerance = tonumber(ARGV[2])
        local quantity = tonumber(ARGV[3])
        local tat = tonumber(redis.call('GET', KEYS[1]) or now)
        if tat < now then tat = now end
        local new_tat = tat + interval * quantity
        local allow_at = new_tat - tolerance - interval
        if allow_at > now then
          local remaining = math.floor((now + tolerance + interval - tat) / interval)
          if remaining < 0 then remaining = 0 end
          return { 0, allow_at - now, remaining }
        end
        redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000) + 1)
        return { 1, 0, math.floor((now + tolerance + interval - new_tat) / interval) }
        """;

    public async Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string key, int quantity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [new RedisKey($"rate_limit:{policy.Name}:{key}")],
            [Microseconds(policy.EmissionInterval), Microseconds(policy.Tolerance), quantity]))!;
        return new RateLimitDecision(
            (int)result[0] == 1,
            TimeSpan.FromTicks((long)result[1] * TimeSpan.TicksPerMicrosecond),
            (int)result[2]);
    }

    private static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
