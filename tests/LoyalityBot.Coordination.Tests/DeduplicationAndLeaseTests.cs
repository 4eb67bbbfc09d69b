namespace LoyalityBot.Coordination.Tests;

public sealed class DeduplicationAndLeaseTests(RedisReplicas redis) : IClassFixture<RedisReplicas>
{
    [Fact]
    public async Task An_id_is_new_once_across_replicas_until_forgotten()
    {
        var update = RedisReplicas.Unique("update");

        Assert.True(await new RedisDeduplicator(redis.First).FirstSeenAsync("client-bot", update));
        Assert.False(await new RedisDeduplicator(redis.Second).FirstSeenAsync("client-bot", update));
        Assert.True(await new RedisDeduplicator(redis.Second).FirstSeenAsync("partner-bot", update));

        await new RedisDeduplicator(redis.First).ForgetAsync("client-bot", update);
        Assert.True(await new RedisDeduplicator(redis.Second).FirstSeenAsync("client-bot", update));
    }

    [Fact]
    public async Task Checking_an_id_does_not_record_it()
    {
        var update = RedisReplicas.Unique("update");

        Assert.False(await new RedisDeduplicator(redis.First).HasSeenAsync("client-bot", update));
        Assert.True(await new RedisDeduplicator(redis.Second).FirstSeenAsync("client-bot", update));
        Assert.True(await new RedisDeduplicator(redis.First).HasSeenAsync("client-bot", update));
        Assert.False(await new RedisDeduplicator(redis.First).HasSeenAsync("partner-bot", update));
    }

    [Fact]
    public async Task Seen_ids_outlive_telegrams_retry_window()
    {
        var update = RedisReplicas.Unique("update");
        await new RedisDeduplicator(redis.First).FirstSeenAsync("client-bot", update);

        var ttl = await redis.First.GetDatabase().KeyTimeToLiveAsync($"seen:client-bot:{update}");

        Assert.InRange(ttl!.Value, TimeSpan.FromHours(24.9), TimeSpan.FromHours(25));
    }

    [Fact]
    public async Task One_replica_holds_the_lease_until_it_releases_it()
    {
        var name = RedisReplicas.Unique("poller");
        var first = new RedisLeaderLease(redis.First, name, TimeSpan.FromSeconds(30));
        var second = new RedisLeaderLease(redis.Second, name, TimeSpan.FromSeconds(30));

        Assert.True(await first.TryAcquireOrRenewAsync());
        Assert.False(await second.TryAcquireOrRenewAsync());
        Assert.True(await first.TryAcquireOrRenewAsync());

        await first.ReleaseAsync();
        Assert.True(await second.TryAcquireOrRenewAsync());
        Assert.False(await first.TryAcquireOrRenewAsync());
    }
}
