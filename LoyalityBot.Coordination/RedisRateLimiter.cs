using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// A distributed GCRA limiter: one Lua call per decision, atomic in Redis, with Redis's own clock so replicas'
/// clock skew does not matter. Keys are <c>rate_limit:{policy}:{key}</c>, as in the scaling plan, and expire
/// once idle. Several limits on one action (per IP and per user) are decided in the same call, all or nothing.
/// </summary>
public sealed class RedisRateLimiter(IConnectionMultiplexer redis)
{
    // KEYS = one per limit; ARGV[1] = quantity, then per key: emission interval µs, tolerance µs.
    // Returns { allowed (0|1), retry after µs, remaining }: the first refusal, or the fewest actions left of all.
    // Nothing is taken unless every limit allows the action, so a refusal by one limit costs the others nothing.
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local quantity = tonumber(ARGV[1])
        local new_tats = {}
        local remaining = nil
        for i, key in ipairs(KEYS) do
          local interval = tonumber(ARGV[2 * i])
          local tolerance = tonumber(ARGV[2 * i + 1])
          local tat = tonumber(redis.call('GET', key) or now)
          if tat < now then tat = now end
          local new_tat = tat + interval * quantity
          local allow_at = new_tat - tolerance - interval
          if allow_at > now then
            local left = math.floor((now + tolerance + interval - tat) / interval)
            if left < 0 then left = 0 end
            return { 0, allow_at - now, left }
          end
          new_tats[i] = new_tat
          local left = math.floor((now + tolerance + interval - new_tat) / interval)
          if remaining == nil or left < remaining then remaining = left end
        end
        for i, key in ipairs(KEYS) do
          redis.call('SET', key, new_tats[i], 'PX', math.ceil((new_tats[i] - now) / 1000) + 1)
        end
        return { 1, 0, remaining }
        """;

    public Task<RateLimitDecision> AcquireAsync(RateLimitPolicy policy, string key, int quantity = 1) =>
        AcquireAllAsync([(policy, key)], quantity);

    /// <summary>One action against every limit in <paramref name="limits"/> at once (one Redis round trip).</summary>
    public async Task<RateLimitDecision> AcquireAllAsync(IReadOnlyList<(RateLimitPolicy Policy, string Key)> limits, int quantity = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        ArgumentOutOfRangeException.ThrowIfZero(limits.Count);
        var keys = new RedisKey[limits.Count];
        var arguments = new RedisValue[1 + 2 * limits.Count];
        arguments[0] = quantity;
        for (var i = 0; i < limits.Count; i++)
        {
            var (policy, key) = limits[i];
            keys[i] = $"rate_limit:{policy.Name}:{key}";
            arguments[1 + 2 * i] = Microseconds(policy.EmissionInterval);
            arguments[2 + 2 * i] = Microseconds(policy.Tolerance);
        }
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, keys, arguments))!;
        return new RateLimitDecision(
            (int)result[0] == 1,
            TimeSpan.FromTicks((long)result[1] * TimeSpan.TicksPerMicrosecond),
            (int)result[2]);
    }

    private static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
