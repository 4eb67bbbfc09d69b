using StackExchange.Redis;

namespace LoyalityBot.Workers.Telegram;

/// <summary>
/// Chats that blocked a bot, as a Redis set per bot (<c>telegram:unreachable:{bot}</c>) that every replica checks
/// before sending. Unblocking reaches the bots as an update; they call <see cref="RemoveAsync"/>.
/// </summary>
public sealed class UnreachableChats(IConnectionMultiplexer redis)
{
    private static RedisKey Key(string bot) => $"telegram:unreachable:{bot}";

    public Task<bool> ContainsAsync(string bot, long chatId) => redis.GetDatabase().SetContainsAsync(Key(bot), chatId);

    public Task AddAsync(string bot, long chatId) => redis.GetDatabase().SetAddAsync(Key(bot), chatId);

    public Task RemoveAsync(string bot, long chatId) => redis.GetDatabase().SetRemoveAsync(Key(bot), chatId);
}
