using StackExchange.Redis;

namespace LoyalityBot.Coordination;

/// <summary>
/// Remembers ids it has seen (<c>seen:{scope}:{id}</c>) across replicas with SET NX and a TTL, so a redelivered
/// Telegram update or message is recognised. Telegram retries a webhook for up to 24 h, hence the default 25 h.
/// </summary>
public sealed class RedisDeduplicator(IConnectionMultiplexer redis)
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(25);

    /// <summary>True the first time an id is seen within the retention, false for every repeat.</summary>
    public Task<bool> FirstSeenAsync(string scope, string id, TimeSpan? retention = null) =>
        redis.GetDatabase().StringSetAsync($"seen:{scope}:{id}", 1, retention ?? DefaultRetention, When.NotExists);

    /// <summary>
    /// Whether an id was recorded, without recording it: a consumer that must not lose work checks first, does the
    /// work, and records the id (<see cref="FirstSeenAsync"/>) only once its effects are durable.
    /// </summary>
    public Task<bool> HasSeenAsync(string scope, string id) => redis.GetDatabase().KeyExistsAsync($"seen:{scope}:{id}");

    /// <summary>Forgets an id, so that a retry of work that failed before it was durable is processed again.</summary>
    public Task ForgetAsync(string scope, string id) => redis.GetDatabase().KeyDeleteAsync($"seen:{scope}:{id}");
}
