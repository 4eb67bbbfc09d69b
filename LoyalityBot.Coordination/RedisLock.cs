using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// A lock shared by every replica (<c>lock:{name}</c>): taken with SET NX PX and a random token, so it expires
/// by itself if its holder dies, and released with a compare-and-delete so a holder whose lock expired never
/// frees someone else's.
/// </summary>
public sealed class RedisLock(IConnectionMultiplexer redis)
{
    /// <summary>Waits up to <paramref name="wait"/> for the lock; null when it stayed taken.</summary>
    public async Task<Handle?> AcquireAsync(string name, TimeSpan expiry, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        var key = new RedisKey($"lock:{name}");
        var token = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + wait;
        var pause = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            if (await redis.GetDatabase().StringSetAsync(key, token, expiry, When.NotExists))
            {
                return new Handle(redis, key, token);
            }
            if (DateTime.UtcNow + pause > deadline)
            {
                return null;
            }
            await Task.Delay(pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 50));
        }
    }

    public sealed class Handle(IConnectionMultiplexer redis, RedisKey key, string token) : IAsyncDisposable
    {
        /// <summary>Releases the lock if it is still ours; false when it had expired (the work overran its expiry).</summary>
        public async Task<bool> ReleaseAsync() =>
            (int)await redis.GetDatabase().ScriptEvaluateAsync(RedisScripts.DeleteIfOwner, [key], [token]) == 1;

        public async ValueTask DisposeAsync() => await ReleaseAsync();
    }
}
