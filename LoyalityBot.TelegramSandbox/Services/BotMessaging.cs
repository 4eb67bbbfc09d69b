using System.Globalization;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>The bot's side of a chat: sending (with the block, first-contact and flood checks), editing, deleting, answering buttons.</summary>
public sealed class BotMessaging(SandboxState state, TimeProvider time)
{
    /// <summary>Sends a message; <paramref name="replyTo"/> makes it a reply (reply_parameters or reply_to_message_id).</summary>
    public Message Send(BotState bot, string? chatId, MessageContent content, ReplyMarkup? markup, ReplyParameters? replyTo = null)
    {
        Keyboards.Validate(markup);
        var chat = ResolveChat(bot, chatId);
        if (chat.Blocked)
        {
            throw BotApiException.Forbidden("bot was blocked by the user");
        }
        if (!chat.Started)
        {
            throw BotApiException.Forbidden("bot can't initiate conversation with a user");
        }
        CheckFloodLimits(bot, chat);
        var keyboard = Keyboards.ToSandbox(markup);
        var date = time.GetUtcNow().UtcDateTime;
        ChatEntry entry;
        lock (chat.Gate)
        {
            var repliedTo = RepliedTo(chat, replyTo);
            entry = chat.Add(id => content.ToMessage(id, bot.AsUser(), chat.Chat, date, markup as InlineKeyboardMarkup), fromBot: true, keyboard);
            entry.Message.ReplyToMessage = repliedTo;
            if (markup is ReplyKeyboardMarkup or ReplyKeyboardRemove)
            {
                chat.ReplyKeyboard = keyboard;
            }
            Publish(chat, entry);
        }
        bot.Latency.Answered(chat.Chat.Id);
        bot.Counters.MessageSent();
        return entry.Message;
    }

    /// <summary>Replaces a bot message's content and inline keyboard (editMessageText, editMessageReplyMarkup).</summary>
    public Message Edit(BotState bot, string? chatId, int? messageId, Func<MessageContent, MessageContent> change, InlineKeyboardMarkup? markup)
    {
        Keyboards.Validate(markup);
        var chat = ResolveChat(bot, chatId);
        lock (chat.Gate)
        {
            if (messageId is not { } id || chat.Find(id) is not { FromBot: true } entry)
            {
                throw BotApiException.BadRequest("message to edit not found");
            }
            var before = MessageContent.Of(entry.Message);
            var after = change(before);
            var keyboard = Keyboards.ToSandbox(markup);
            if (SameContent(before, after) && KeyboardKey(keyboard) == KeyboardKey(entry.Keyboard))
            {
                throw BotApiException.BadRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }
            var now = time.GetUtcNow();
            entry.Message = after.ToMessage(id, entry.Message.From!, chat.Chat, entry.Message.Date, markup, now.UtcDateTime);
            entry.Keyboard = keyboard;
            entry.EditedAt = now;
            Publish(chat, entry);
            bot.Latency.Answered(chat.Chat.Id);
            return entry.Message;
        }
    }

    public void Delete(BotState bot, string? chatId, int? messageId)
    {
        var chat = ResolveChat(bot, chatId);
        lock (chat.Gate)
        {
            if (messageId is not { } id || chat.Find(id) is not { } entry)
            {
                throw BotApiException.BadRequest("message to delete not found");
            }
            entry.DeletedAt = time.GetUtcNow();
            Publish(chat, entry);
        }
    }

    public void AnswerCallback(BotState bot, string? callbackQueryId, string? text, bool showAlert)
    {
        if (callbackQueryId is null || !bot.Callbacks.TryGetValue(callbackQueryId, out var entry) || entry.Callback is not { } callback
            || !bot.Chats.TryGetValue(callback.ChatId, out var chat))
        {
            throw BotApiException.BadRequest("query is too old and response timeout expired or query ID is invalid");
        }
        lock (chat.Gate)
        {
            if (callback.Answered)
            {
                throw BotApiException.BadRequest("query is too old and response timeout expired or query ID is invalid");
            }
            callback.Answered = true;
            callback.AnswerText = text;
            callback.ShowAlert = showAlert;
            Publish(chat, entry);
        }
        bot.Latency.Answered(callback.ChatId);
    }

    /// <summary>A chat the bot may address: a known private chat or group, by its numeric id.</summary>
    public ChatState ResolveChat(BotState bot, string? chatId)
    {
        if (string.IsNullOrEmpty(chatId))
        {
            throw BotApiException.BadRequest("chat_id is empty");
        }
        if (!long.TryParse(chatId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            throw BotApiException.ChatNotFound();
        }
        if (bot.Chats.TryGetValue(id, out var chat))
        {
            return chat;
        }
        // A user the bot never heard from exists, but the bot cannot write first.
        return state.FindUser(id) is not null
            ? throw BotApiException.Forbidden("bot can't initiate conversation with a user")
            : throw BotApiException.ChatNotFound();
    }

    public static void Publish(ChatState chat, ChatEntry entry) =>
        chat.Publish(version => new ChatEvent(Transcripts.ToTranscript(entry), chat.ReplyKeyboard, version));

    // Telegram nests one level only: the replied-to message comes without its own reply_to_message.
    private static Message? RepliedTo(ChatState chat, ReplyParameters? replyTo)
    {
        if (replyTo?.MessageId is not { } id)
        {
            return null;
        }
        if (chat.Find(id) is not { Callback: null } original)
        {
            return replyTo.AllowSendingWithoutReply ? null : throw BotApiException.BadRequest("message to be replied not found");
        }
        var message = original.Message;
        return MessageContent.Of(message).ToMessage(message.Id, message.From!, message.Chat, message.Date, message.ReplyMarkup, message.EditDate);
    }

    private void CheckFloodLimits(BotState bot, ChatState chat)
    {
        var limits = state.Limits;
        if (!limits.Enabled)
        {
            return;
        }
        var allowed = chat.IsPrivate
            ? chat.Bucket.TryTake(limits.PerChatPerSecond, limits.PerChatBurst, out var retryAfter)
            : chat.Bucket.TryTake(limits.PerGroupPerMinute / 60, limits.PerGroupBurst, out retryAfter);
        if (allowed && bot.Bucket.TryTake(limits.PerBotPerSecond, limits.PerBotBurst, out retryAfter))
        {
            return;
        }
        bot.Counters.TooManyRequests();
        throw BotApiException.TooManyRequests(retryAfter);
    }

    private static bool SameContent(MessageContent a, MessageContent b) =>
        a.Text == b.Text && a.Caption == b.Caption
        && EntitiesKey(a.Entities ?? a.CaptionEntities) == EntitiesKey(b.Entities ?? b.CaptionEntities);

    private static string KeyboardKey(SandboxKeyboard? keyboard) => System.Text.Json.JsonSerializer.Serialize(keyboard);

    private static string EntitiesKey(MessageEntity[]? entities) =>
        string.Join(';', (entities ?? []).Select(e => $"{e.Type},{e.Offset},{e.Length},{e.Url},{e.Language}"));
}
