namespace LoyalityBot.Coordination;

/// <summary>Lua for owner-checked operations: act on a key only while it still holds the caller's token.</summary>
internal static class RedisScripts
{
    public const string DeleteIfOwner = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public const string ExpireIfOwner = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;
}
