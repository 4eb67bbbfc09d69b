using StackExchange.Redis;

namespace LoyalityBot.Coordination.Tests;

public sealed class ConversationStoreTests(RedisReplicas redis) : IClassFixture<RedisReplicas>
{
    private sealed record AccrualDraft(string ClientCode, decimal Amount);

    private sealed record State(string Step);

    private static readonly ConversationStoreOptions Options = new();

    [Fact]
    public async Task State_written_by_one_replica_is_read_by_another_with_the_plans_ttls()
    {
        var user = Random.Shared.NextInt64(1, long.MaxValue);
        await new RedisConversationStore(redis.First, Options).SetStateAsync("partner", user, new State("awaiting_amount"));
        await new RedisConversationStore(redis.First, Options).SetDraftAsync("partner", user, "accrual", new AccrualDraft("C-42", 1250.50m));

        var other = new RedisConversationStore(redis.Second, Options);
        Assert.Equal(new State("awaiting_amount"), await other.GetStateAsync<State>("partner", user));
        Assert.Equal(new AccrualDraft("C-42", 1250.50m), await other.GetDraftAsync<AccrualDraft>("partner", user, "accrual"));

        var db = redis.First.GetDatabase();
        Assert.InRange((await db.KeyTimeToLiveAsync($"user_state:partner:{user}"))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange((await db.KeyTimeToLiveAsync($"temp_data:partner:{user}:accrual"))!.Value, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Cleared_or_missing_state_reads_as_null()
    {
        var user = Random.Shared.NextInt64(1, long.MaxValue);
        var store = new RedisConversationStore(redis.First, Options);
        await store.SetStateAsync("client", user, new State("registering"));

        await store.ClearStateAsync("client", user);

        Assert.Null(await store.GetStateAsync<State>("client", user));
        Assert.Null(await store.GetDraftAsync<AccrualDraft>("client", user, "none"));
    }

    [Fact]
    public async Task Drafts_expire_on_their_own()
    {
        var user = Random.Shared.NextInt64(1, long.MaxValue);
        var store = new RedisConversationStore(redis.First, new ConversationStoreOptions { DraftTtl = TimeSpan.FromMilliseconds(200) });
        await store.SetDraftAsync("partner", user, "promotion", new State("title"));

        await Task.Delay(600, TestContext.Current.CancellationToken);

        Assert.Null(await store.GetDraftAsync<State>("partner", user, "promotion"));
        Assert.False(await redis.First.GetDatabase().KeyExistsAsync(new RedisKey($"temp_data:partner:{user}:promotion")));
    }
}
