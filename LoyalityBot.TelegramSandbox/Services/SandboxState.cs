using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>The sandbox's whole in-memory world: bots, users, files and the current flood limits.</summary>
public sealed class SandboxState
{
    private readonly ConcurrentDictionary<string, BotState> _botsByToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BotState> _botsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, SandboxUser> _users = new();
    private readonly Lock _registration = new();
    private readonly SandboxOptions _options;
    private long _lastUserId = 100_000_000;
    private long _lastBotId = 7_000_000_000;
    private long _lastGroupId = 4_000_000_000;

    public SandboxState(IOptions<SandboxOptions> options, FileStore files)
    {
        _options = options.Value;
        Files = files;
        Reset();
    }

    public FileStore Files { get; }

    public SandboxLimits Limits { get; set; } = new();

    public IEnumerable<BotState> Bots => _botsByName.Values.OrderBy(bot => bot.Id);

    public IEnumerable<SandboxUser> Users => _users.Values.OrderBy(user => user.Id);

    public BotState? FindByToken(string token) => _botsByToken.GetValueOrDefault(token);

    /// <summary>Finds a bot by name, username (with or without @) or id.</summary>
    public BotState? FindBot(string key) =>
        _botsByName.GetValueOrDefault(key)
        ?? Bots.FirstOrDefault(bot => string.Equals(bot.Username, key.TrimStart('@'), StringComparison.OrdinalIgnoreCase)
            || bot.Id.ToString(CultureInfo.InvariantCulture) == key);

    public SandboxUser? FindUser(long id) => _users.GetValueOrDefault(id);

    public BotState AddBot(string name, string? token, string? username)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A bot needs a name.", nameof(name));
        }
        lock (_registration)
        {
            if (_botsByName.ContainsKey(name))
            {
                throw new ArgumentException($"A bot named '{name}' exists already.", nameof(name));
            }
            token = string.IsNullOrWhiteSpace(token) ? NewToken() : token;
            // Telegram.Bot reads the bot id from the token: up to 16 digits, a colon, then a secret.
            var separator = token.IndexOf(':', StringComparison.Ordinal);
            if (separator is < 1 or > 16 || !long.TryParse(token.AsSpan(0, separator), CultureInfo.InvariantCulture, out var id) || separator == token.Length - 1)
            {
                throw new ArgumentException($"Bot token of '{name}' must look like 123456:secret.", nameof(token));
            }
            if (_botsByName.Values.Any(other => other.Id == id))
            {
                throw new ArgumentException($"Bot id {id} of '{name}' is used by another bot.", nameof(token));
            }
            var counters = new BotCounterSet();
            var bot = new BotState(name, id, string.IsNullOrWhiteSpace(username) ? $"{name}_bot" : username.TrimStart('@'), token,
                new BotUpdates(counters), counters);
            _botsByToken[token] = bot;
            _botsByName[name] = bot;
            return bot;
        }
    }

    public SandboxUser AddUser(CreateUserRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.FirstName))
        {
            throw new ArgumentException("A user needs a first name.", nameof(request));
        }
        var id = request.Id ?? Interlocked.Increment(ref _lastUserId);
        var user = new SandboxUser(id, request.FirstName, request.LastName, request.Username?.TrimStart('@'), request.LanguageCode, request.PhoneNumber);
        if (!_users.TryAdd(id, user))
        {
            throw new ArgumentException($"User {id} exists already.", nameof(request));
        }
        return user;
    }

    /// <summary>The private chat of a bot with a user (its id is the user's id).</summary>
    public ChatState PrivateChat(BotState bot, SandboxUser user) =>
        bot.Chats.GetOrAdd(user.Id, _ => new ChatState(
            new Chat { Id = user.Id, Type = ChatType.Private, FirstName = user.FirstName, LastName = user.LastName, Username = user.Username },
            user));

    public ChatState AddGroup(BotState bot, string title)
    {
        var id = -Interlocked.Increment(ref _lastGroupId);
        var group = new ChatState(new Chat { Id = id, Type = ChatType.Group, Title = title }, null) { Started = true };
        bot.Chats[id] = group;
        return group;
    }

    /// <summary>Back to the configured bots with no users, chats, files or updates, and the configured limits.</summary>
    public void Reset()
    {
        lock (_registration)
        {
            foreach (var bot in _botsByToken.Values)
            {
                bot.Updates.Stop();
            }
            _botsByToken.Clear();
            _botsByName.Clear();
            _users.Clear();
            Files.Clear();
            Limits = _options.Limits;
            foreach (var bot in _options.Bots)
            {
                AddBot(bot.Name, bot.Token, bot.Username);
            }
        }
    }

    public static User AsTelegramUser(SandboxUser user) => new()
    {
        Id = user.Id,
        FirstName = user.FirstName,
        LastName = user.LastName,
        Username = user.Username,
        LanguageCode = user.LanguageCode,
    };

    // Called under the registration lock; skips ids that configured bots already use.
    private string NewToken()
    {
        var id = ++_lastBotId;
        while (_botsByName.Values.Any(bot => bot.Id == id))
        {
            id = ++_lastBotId;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{id}:AA{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}");
    }
}
