using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// The user's side of a chat: everything a person does in a Telegram client, turned into the message
/// stored in the transcript and the update queued for the bot.
/// </summary>
public sealed partial class UserActions(SandboxState state, TimeProvider time)
{
    public ChatEntry SendText(BotState bot, SandboxUser user, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ControlException.Invalid("The text is empty.");
        }
        return Send(bot, user, new MessageContent(text, CommandEntities(text)));
    }

    public ChatEntry Start(BotState bot, SandboxUser user, string? payload) =>
        SendText(bot, user, string.IsNullOrEmpty(payload) ? "/start" : $"/start {payload}");

    public ChatEntry ShareContact(BotState bot, SandboxUser user)
    {
        if (string.IsNullOrEmpty(user.PhoneNumber))
        {
            throw ControlException.Invalid($"User {user.Id} has no phone number to share.");
        }
        return Send(bot, user, new MessageContent(Contact: new Contact
        {
            PhoneNumber = user.PhoneNumber,
            FirstName = user.FirstName,
            LastName = user.LastName,
            UserId = user.Id,
        }));
    }

    public ChatEntry SendPhoto(BotState bot, SandboxUser user, byte[] content, string? caption)
    {
        PhotoSize[] sizes;
        try
        {
            sizes = state.Files.AddPhoto(content);
        }
        catch (BotApiException)
        {
            throw ControlException.Invalid("The photo is not a PNG, JPEG or GIF image.");
        }
        return Send(bot, user, new MessageContent(Caption: caption, Photo: sizes));
    }

    public ChatEntry SendDocument(BotState bot, SandboxUser user, byte[] content, string fileName, string? mimeType, string? caption) =>
        Send(bot, user, new MessageContent(Caption: caption, Document: state.Files.AddDocument(content, fileName, mimeType).ToDocument()));

    /// <summary>Presses a reply-keyboard button: it sends its text, or the user's contact for a request_contact button.</summary>
    public ChatEntry PressReplyButton(BotState bot, SandboxUser user, string text)
    {
        var chat = state.PrivateChat(bot, user);
        SandboxButton button;
        lock (chat.Gate)
        {
            button = chat.ReplyKeyboard?.Buttons.FirstOrDefault(b => b.Text == text)
                ?? throw ControlException.NotFound($"The reply keyboard shown has no button '{text}'.");
            if (chat.ReplyKeyboard.OneTime)
            {
                chat.ReplyKeyboard = null;
            }
        }
        return button.RequestContact ? ShareContact(bot, user) : SendText(bot, user, button.Text);
    }

    /// <summary>Presses an inline button: a callback button sends a callback query to the bot, a URL button just opens its URL.</summary>
    public InlineButtonPressed PressInlineButton(BotState bot, SandboxUser user, PressInlineButtonRequest press)
    {
        if (press.Text is null && press.CallbackData is null)
        {
            throw ControlException.Invalid("Name the button by its text or its callback data.");
        }
        var chat = state.PrivateChat(bot, user);
        lock (chat.Gate)
        {
            var (message, button) = chat.Entries
                .Where(entry => entry is { FromBot: true, DeletedAt: null, Callback: null, Keyboard.Kind: "inline" }
                    && (press.MessageId is null || entry.Message.Id == press.MessageId))
                .Reverse()
                .SelectMany(entry => entry.Keyboard!.Buttons.Select(b => (Entry: entry, Button: b)))
                .FirstOrDefault(candidate => (press.Text is null || candidate.Button.Text == press.Text)
                    && (press.CallbackData is null || candidate.Button.CallbackData == press.CallbackData));
            if (button is null)
            {
                throw ControlException.NotFound("No inline button like that in the chat.");
            }
            if (button.CallbackData is null)
            {
                return new InlineButtonPressed(null, button.Url);
            }
            var callback = new CallbackRecord
            {
                Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant(),
                ChatId = chat.Id,
                MessageId = message.Message.Id,
                Data = button.CallbackData,
                Date = time.GetUtcNow(),
            };
            var entry = chat.AddCallback(message, callback);
            bot.Callbacks[callback.Id] = entry;
            BotMessaging.Publish(chat, entry);
            bot.Updates.Enqueue(new Update
            {
                CallbackQuery = new CallbackQuery
                {
                    Id = callback.Id,
                    From = SandboxState.AsTelegramUser(user),
                    Message = message.Message,
                    ChatInstance = $"{bot.Id}{chat.Id}",
                    Data = callback.Data,
                },
            }, user.Id);
            return new InlineButtonPressed(callback.Id, null);
        }
    }

    /// <summary>Blocks or unblocks the bot; Telegram tells the bot with a my_chat_member update.</summary>
    public void SetBlocked(BotState bot, SandboxUser user, bool blocked)
    {
        var chat = state.PrivateChat(bot, user);
        lock (chat.Gate)
        {
            if (chat.Blocked == blocked)
            {
                return;
            }
            chat.Blocked = blocked;
            var botUser = bot.AsUser();
            var date = time.GetUtcNow().UtcDateTime;
            ChatMember member = new ChatMemberMember { User = botUser };
            ChatMember banned = new ChatMemberBanned { User = botUser };
            bot.Updates.Enqueue(new Update
            {
                MyChatMember = new ChatMemberUpdated
                {
                    Chat = chat.Chat,
                    From = SandboxState.AsTelegramUser(user),
                    Date = date,
                    OldChatMember = blocked ? member : banned,
                    NewChatMember = blocked ? banned : member,
                },
            }, chat.Id);
        }
    }

    // A message from the user starts the chat (the bot may answer from now on) and becomes an update for the bot.
    private ChatEntry Send(BotState bot, SandboxUser user, MessageContent content)
    {
        var chat = state.PrivateChat(bot, user);
        var date = time.GetUtcNow().UtcDateTime;
        lock (chat.Gate)
        {
            if (chat.Blocked)
            {
                throw ControlException.Invalid("The user blocked this bot: unblock it first, as in Telegram.");
            }
            chat.Started = true;
            var entry = chat.Add(id => content.ToMessage(id, SandboxState.AsTelegramUser(user), chat.Chat, date, null), fromBot: false, keyboard: null);
            BotMessaging.Publish(chat, entry);
            bot.Updates.Enqueue(new Update { Message = entry.Message }, chat.Id);
            return entry;
        }
    }

    private static MessageEntity[]? CommandEntities(string text)
    {
        var entities = BotCommand().Matches(text)
            .Select(match => new MessageEntity { Type = Telegram.Bot.Types.Enums.MessageEntityType.BotCommand, Offset = match.Index, Length = match.Length })
            .ToArray();
        return entities.Length == 0 ? null : entities;
    }

    [GeneratedRegex(@"(?<![\w/])/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]{3,32})?(?![\w/])")]
    private static partial Regex BotCommand();
}
