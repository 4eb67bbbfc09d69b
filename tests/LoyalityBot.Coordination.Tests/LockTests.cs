using StackExchange.Redis;

namespace LoyalityBot.Coordination.Tests;

public sealed class LockTests(RedisReplicas redis) : IClassFixture<RedisReplicas>
{
    [Fact]
    public async Task A_held_lock_is_refused_to_another_replica_until_released()
    {
        var name = RedisReplicas.Unique("chat");
        var first = new RedisLock(redis.First);
        var second = new RedisLock(redis.Second);
        var ct = TestContext.Current.CancellationToken;

        var held = await first.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.Zero, ct);
        Assert.NotNull(held);
        Assert.Null(await second.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), ct));

        Assert.True(await held.ReleaseAsync());
        await using var next = await second.AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.Zero, ct);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task An_expired_holder_cannot_release_the_next_holders_lock()
    {
        var name = RedisReplicas.Unique("chat");
        var ct = TestContext.Current.CancellationToken;
        var stale = await new RedisLock(redis.First).AcquireAsync(name, TimeSpan.FromMilliseconds(100), TimeSpan.Zero, ct);
        Assert.NotNull(stale);

        await using var current = await new RedisLock(redis.Second).AcquireAsync(name, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), ct);
        Assert.NotNull(current);

        Assert.False(await stale.ReleaseAsync());
        Assert.True(await redis.First.GetDatabase().KeyExistsAsync($"lock:{name}"));
    }

    [Fact]
    public async Task Work_under_the_lock_is_serialised_across_replicas()
    {
        var name = RedisReplicas.Unique("chat");
        var counter = new RedisKey(RedisReplicas.Unique("counter"));
        var ct = TestContext.Current.CancellationToken;

        // A read-then-write that loses updates unless the lock serialises it.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var connection = i % 2 == 0 ? redis.First : redis.Second;
            await using var held = await new RedisLock(connection).AcquireAsync(name, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), ct);
            Assert.NotNull(held);
            var value = (long)await connection.GetDatabase().StringGetAsync(counter);
            await Task.Yield();
            await connection.GetDatabase().StringSetAsync(counter, value + 1);
        }));

        Assert.Equal(40, (long)await redis.First.GetDatabase().StringGetAsync(counter));
    }
}
