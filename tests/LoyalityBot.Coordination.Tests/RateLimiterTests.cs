namespace LoyalityBot.Coordination.Tests;

public sealed class RateLimitPolicyTests
{
    [Fact]
    public void Gcra_parameters_follow_from_the_policy()
    {
        var policy = new RateLimitPolicy("messages", Limit: 10, Period: TimeSpan.FromMinutes(1), Burst: 4);

        Assert.Equal(TimeSpan.FromSeconds(6), policy.EmissionInterval);
        Assert.Equal(TimeSpan.FromSeconds(18), policy.Tolerance);
    }

    [Theory]
    [InlineData(0, 60, 1)]
    [InlineData(5, 0, 1)]
    [InlineData(5, 60, 0)]
    [InlineData(10_000_000, 1, 1)] // 0.1 µs apart: below the limiter's microsecond resolution
    public void Invalid_policies_are_rejected(int limit, int periodSeconds, int burst)
    {
        var policy = new RateLimitPolicy("bad", limit, TimeSpan.FromSeconds(periodSeconds), burst);

        Assert.Throws<ArgumentException>(policy.Validate);
    }

    [Fact]
    public void One_action_per_microsecond_is_the_finest_policy()
    {
        new RateLimitPolicy("fine", Limit: 1_000_000, Period: TimeSpan.FromSeconds(1)).Validate();
    }
}

/// <summary>The limiter against real Redis, with periods long enough that the test's own speed cannot matter.</summary>
public sealed class RateLimiterTests(RedisReplicas redis) : IClassFixture<RedisReplicas>
{
    [Fact]
    public async Task The_burst_passes_then_the_next_waits_one_emission_interval()
    {
        var limiter = new RedisRateLimiter(redis.First);
        var policy = new RateLimitPolicy("transactions", Limit: 3, Period: TimeSpan.FromMinutes(5));
        var user = RedisReplicas.Unique("user");

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 4; i++)
        {
            decisions.Add(await limiter.AcquireAsync(policy, user));
        }

        Assert.Equal([true, true, true, false], decisions.Select(d => d.Allowed));
        Assert.Equal([2, 1, 0, 0], decisions.Select(d => d.Remaining));
        // Spent: the next action is allowed one emission interval (100 s) after the first.
        Assert.InRange(decisions[3].RetryAfter, TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(100));
    }

    [Fact]
    public async Task Replicas_share_one_limit()
    {
        var policy = new RateLimitPolicy("commands", Limit: 5, Period: TimeSpan.FromMinutes(1));
        var user = RedisReplicas.Unique("user");
        var first = new RedisRateLimiter(redis.First);
        var second = new RedisRateLimiter(redis.Second);

        var allowed = 0;
        for (var i = 0; i < 10; i++)
        {
            allowed += (await (i % 2 == 0 ? first : second).AcquireAsync(policy, user)).Allowed ? 1 : 0;
        }

        Assert.Equal(5, allowed);
    }

    [Fact]
    public async Task Concurrent_requests_never_exceed_the_burst()
    {
        var policy = new RateLimitPolicy("messages", Limit: 10, Period: TimeSpan.FromMinutes(1));
        var user = RedisReplicas.Unique("user");
        var limiters = new[] { new RedisRateLimiter(redis.First), new RedisRateLimiter(redis.Second) };

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => limiters[i % 2].AcquireAsync(policy, user)));

        Assert.Equal(10, decisions.Count(d => d.Allowed));
    }

    [Fact]
    public async Task Keys_are_per_user_and_per_policy()
    {
        var limiter = new RedisRateLimiter(redis.First);
        var tight = new RateLimitPolicy("tight", Limit: 1, Period: TimeSpan.FromHours(1));
        var other = new RateLimitPolicy("other", Limit: 1, Period: TimeSpan.FromHours(1));
        var alice = RedisReplicas.Unique("alice");
        var bob = RedisReplicas.Unique("bob");

        Assert.True((await limiter.AcquireAsync(tight, alice)).Allowed);
        Assert.False((await limiter.AcquireAsync(tight, alice)).Allowed);
        Assert.True((await limiter.AcquireAsync(tight, bob)).Allowed);
        Assert.True((await limiter.AcquireAsync(other, alice)).Allowed);
    }

    [Fact]
    public async Task A_quantity_larger_than_what_is_left_is_refused_whole()
    {
        var limiter = new RedisRateLimiter(redis.First);
        var policy = new RateLimitPolicy("bot", Limit: 30, Period: TimeSpan.FromHours(1));
        var bot = RedisReplicas.Unique("bot");

        Assert.True((await limiter.AcquireAsync(policy, bot, quantity: 25)).Allowed);
        var refused = await limiter.AcquireAsync(policy, bot, quantity: 10);

        Assert.False(refused.Allowed);
        Assert.Equal(5, refused.Remaining);
        Assert.True((await limiter.AcquireAsync(policy, bot, quantity: 5)).Allowed);
    }

    [Fact]
    public async Task Limits_decided_together_take_nothing_when_one_of_them_refuses()
    {
        var limiter = new RedisRateLimiter(redis.First);
        var perIp = new RateLimitPolicy("ip", Limit: 3, Period: TimeSpan.FromHours(1));
        var perUser = new RateLimitPolicy("user", Limit: 1, Period: TimeSpan.FromHours(1));
        var ip = RedisReplicas.Unique("ip");
        var user = RedisReplicas.Unique("user");

        var first = await limiter.AcquireAllAsync([(perIp, ip), (perUser, user)]);
        var second = await limiter.AcquireAllAsync([(perIp, ip), (perUser, user)]);

        Assert.Equal(new RateLimitDecision(true, TimeSpan.Zero, 0), first); // the fewest left: the user's
        Assert.False(second.Allowed);
        Assert.InRange(second.RetryAfter, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        // The user's refusal took nothing from the IP: two of its three are left.
        var byIpAlone = new List<bool>();
        for (var i = 0; i < 3; i++)
        {
            byIpAlone.Add((await limiter.AcquireAsync(perIp, ip)).Allowed);
        }
        Assert.Equal([true, true, false], byIpAlone);
    }
}
