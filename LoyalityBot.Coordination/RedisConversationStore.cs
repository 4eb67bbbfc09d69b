using System.Text.Json;
using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// Conversation state and drafts in Redis, so they survive restarts and any replica can continue a conversation.
/// Keys follow the scaling plan: <c>user_state:{bot}:{user}</c> (TTL 1 h) and <c>temp_data:{bot}:{user}:{key}</c>
/// (TTL 5 min); every write renews the TTL. <c>{bot}</c> is whatever identifies the bot in this Redis: the bots pass
/// their key prefix (<c>bot:{public id}</c>), so two deployments with different bots never share a conversation.
/// </summary>
public sealed class RedisConversationStore(IConnectionMultiplexer redis, ConversationStoreOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T?> GetStateAsync<T>(string bot, long userId) where T : class =>
        Deserialize<T>(await redis.GetDatabase().StringGetAsync(StateKey(bot, userId)));

    public Task SetStateAsync<T>(string bot, long userId, T state) where T : class =>
        redis.GetDatabase().StringSetAsync(StateKey(bot, userId), JsonSerializer.Serialize(state, Json), options.StateTtl);

    public Task ClearStateAsync(string bot, long userId) => redis.GetDatabase().KeyDeleteAsync(StateKey(bot, userId));

    public async Task<T?> GetDraftAsync<T>(string bot, long userId, string key) where T : class =>
        Deserialize<T>(await redis.GetDatabase().StringGetAsync(DraftKey(bot, userId, key)));

    public Task SetDraftAsync<T>(string bot, long userId, string key, T draft) where T : class =>
        redis.GetDatabase().StringSetAsync(DraftKey(bot, userId, key), JsonSerializer.Serialize(draft, Json), options.DraftTtl);

    public Task ClearDraftAsync(string bot, long userId, string key) => redis.GetDatabase().KeyDeleteAsync(DraftKey(bot, userId, key));

    private static RedisKey StateKey(string bot, long userId) => $"user_state:{bot}:{userId}";

    private static RedisKey DraftKey(string bot, long userId, string key) => $"temp_data:{bot}:{userId}:{key}";

    private static T? Deserialize<T>(RedisValue value) where T : class =>
        value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<T>(value.ToString(), Json);
}

/// <summary>The <c>ConversationState</c> section: how long state and drafts live (the plan: 1 h and 5 min).</summary>
public sealed class ConversationStoreOptions
{
    public const string SectionName = "ConversationState";

    public TimeSpan StateTtl { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan DraftTtl { get; set; } = TimeSpan.FromMinutes(5);
}
