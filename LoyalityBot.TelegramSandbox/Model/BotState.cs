using System.Collections.Concurrent;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Services;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>Everything one bot has: identity, chats, update queue, pending callback queries, commands, counters.</summary>
public sealed class BotState(string name, long id, string username, string token, BotUpdates updates, BotCounterSet counters)
{
    public string Name { get; } = name;

    public long Id { get; } = id;

    public string Username { get; } = username;

    public string Token { get; } = token;

    public BotUpdates Updates { get; } = updates;

    public BotCounterSet Counters { get; } = counters;

    public TokenBucket Bucket { get; } = new();

    public ReplyLatency Latency { get; } = new();

    public ConcurrentDictionary<long, ChatState> Chats { get; } = new();

    public ConcurrentDictionary<string, ChatEntry> Callbacks { get; } = new(StringComparer.Ordinal);

    /// <summary>setMyCommands lists by "scope|language".</summary>
    public ConcurrentDictionary<string, BotCommand[]> Commands { get; } = new(StringComparer.Ordinal);

    /// <summary>setChatMenuButton by chat id; 0 holds the default for all private chats.</summary>
    public ConcurrentDictionary<long, MenuButton> MenuButtons { get; } = new();

    /// <summary>The bot as a Telegram user: getMe's answer and every sent message's "from". Shared, never changed.</summary>
    public User AsUser() => _user ??= new User
    {
        Id = Id,
        IsBot = true,
        FirstName = Name,
        Username = Username,
        CanJoinGroups = true,
    };

    private User? _user;

    public SandboxBot Describe() => new(Name, Id, Username, Token);
}
