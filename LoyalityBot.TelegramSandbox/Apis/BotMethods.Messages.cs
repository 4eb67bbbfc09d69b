using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.TelegramSandbox.Apis;

// sendMessage, editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery.
public sealed partial class BotMethods
{
    private const int MaxTextLength = 4096;
    private const int MaxCaptionLength = 1024;

    private BotResult SendMessage(BotState bot, BotRequest request)
    {
        var (text, entities) = Text(request, "text", MaxTextLength);
        return BotResult.Of(_messaging.Send(bot, request.String("chat_id"), new MessageContent(text, entities), Markup(request), ReplyTo(request)));
    }

    private BotResult EditMessageText(BotState bot, BotRequest request)
    {
        var (text, entities) = Text(request, "text", MaxTextLength);
        return BotResult.Of(_messaging.Edit(bot, request.String("chat_id"), request.Int32("message_id"), content =>
            content.Text is null
                ? throw BotApiException.BadRequest("there is no text in the message to edit")
                : content with { Text = text, Entities = entities },
            InlineMarkup(request)));
    }

    private BotResult EditMessageReplyMarkup(BotState bot, BotRequest request) =>
        BotResult.Of(_messaging.Edit(bot, request.String("chat_id"), request.Int32("message_id"), content => content, InlineMarkup(request)));

    private BotResult DeleteMessage(BotState bot, BotRequest request)
    {
        _messaging.Delete(bot, request.String("chat_id"), request.Int32("message_id"));
        return BotResult.Of(true);
    }

    private BotResult AnswerCallbackQuery(BotState bot, BotRequest request)
    {
        _messaging.AnswerCallback(bot, request.String("callback_query_id"), request.String("text"), request.Boolean("show_alert"));
        return BotResult.Of(true);
    }

    /// <summary>Text or a caption after parse_mode (or explicit entities), checked for emptiness and length like Telegram.</summary>
    private static (string Text, MessageEntity[]? Entities) Text(BotRequest request, string name, int maxLength)
    {
        var raw = request.String(name);
        var isCaption = name == "caption";
        if (string.IsNullOrEmpty(raw))
        {
            return isCaption ? ("", null) : throw BotApiException.BadRequest("message text is empty");
        }
        var (text, entities) = request.String("parse_mode") is { Length: > 0 } parseMode
            ? FormattedText.Parse(raw, parseMode)
            : (raw, request.Object<MessageEntity[]>(isCaption ? "caption_entities" : "entities", "can't parse entities JSON object"));
        if (!isCaption && string.IsNullOrWhiteSpace(text))
        {
            throw BotApiException.BadRequest("message text is empty");
        }
        if (text.Length > maxLength)
        {
            throw BotApiException.BadRequest(isCaption ? "message caption is too long" : "message is too long");
        }
        return (text, entities);
    }

    // reply_parameters, or the older reply_to_message_id + allow_sending_without_reply that clients still send.
    private static ReplyParameters? ReplyTo(BotRequest request) =>
        request.Object<ReplyParameters>("reply_parameters", "can't parse reply parameters JSON object")
        ?? (request.Int32("reply_to_message_id") is { } id
            ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = request.Boolean("allow_sending_without_reply") }
            : null);

    private static ReplyMarkup? Markup(BotRequest request) =>
        request.Object<ReplyMarkup>("reply_markup", "can't parse reply keyboard markup JSON object");

    private static InlineKeyboardMarkup? InlineMarkup(BotRequest request) =>
        request.Object<InlineKeyboardMarkup>("reply_markup", "can't parse inline keyboard markup JSON object");
}
