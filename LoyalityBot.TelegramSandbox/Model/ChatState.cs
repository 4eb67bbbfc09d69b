using System.Threading.Channels;
using LoyalityBot.TelegramSandbox.Client;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>
/// One chat of one bot (a private chat with a user, or a group): its transcript, message ids, reply keyboard,
/// block flag and flood bucket. Every change happens under <see cref="Gate"/> and is streamed to subscribers.
/// </summary>
public sealed class ChatState(Chat chat, SandboxUser? user)
{
    private readonly List<ChatEntry> _entries = [];
    private readonly Dictionary<int, ChatEntry> _messages = [];
    private readonly List<Channel<ChatEvent>> _subscribers = [];
    private int _lastMessageId;

    public Lock Gate { get; } = new();

    public Chat Chat { get; } = chat;

    public long Id => Chat.Id;

    public bool IsPrivate => Chat.Type == ChatType.Private;

    /// <summary>The user of a private chat; null for a group.</summary>
    public SandboxUser? User { get; } = user;

    /// <summary>A bot may not write first: the user must have sent it something.</summary>
    public bool Started { get; set; }

    public bool Blocked { get; set; }

    public SandboxKeyboard? ReplyKeyboard { get; set; }

    public TokenBucket Bucket { get; } = new();

    /// <summary>Stores a new message with the next message_id. Call under <see cref="Gate"/>.</summary>
    public ChatEntry Add(Func<int, Message> create, bool fromBot, SandboxKeyboard? keyboard)
    {
        var entry = new ChatEntry { Message = create(++_lastMessageId), FromBot = fromBot, Keyboard = keyboard };
        _entries.Add(entry);
        _messages[entry.Message.Id] = entry;
        return entry;
    }

    /// <summary>Records a button press. Call under <see cref="Gate"/>.</summary>
    public ChatEntry AddCallback(ChatEntry pressed, CallbackRecord callback)
    {
        var entry = new ChatEntry { Message = pressed.Message, FromBot = false, Callback = callback };
        _entries.Add(entry);
        return entry;
    }

    public ChatEntry? Find(int messageId) => _messages.GetValueOrDefault(messageId) is { DeletedAt: null } entry ? entry : null;

    public IReadOnlyList<ChatEntry> Entries => _entries;

    public ChannelReader<ChatEvent> Subscribe(CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (Gate)
        {
            _subscribers.Add(channel);
        }
        cancellationToken.Register(() =>
        {
            lock (Gate)
            {
                _subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    /// <summary>How many changes the chat has had; transcripts and events carry it.</summary>
    public long Version { get; private set; }

    /// <summary>Counts a change and tells live viewers about it, built only if someone watches. Call under <see cref="Gate"/>.</summary>
    public void Publish(Func<long, ChatEvent> change)
    {
        Version++;
        if (_subscribers.Count == 0)
        {
            return;
        }
        var built = change(Version);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(built);
        }
    }
}
