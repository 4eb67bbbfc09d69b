using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>What a message carries, independent of who sends it where: text or media with a caption, or a contact.</summary>
public sealed record MessageContent(
    string? Text = null,
    MessageEntity[]? Entities = null,
    string? Caption = null,
    MessageEntity[]? CaptionEntities = null,
    PhotoSize[]? Photo = null,
    Document? Document = null,
    Contact? Contact = null)
{
    public Message ToMessage(int id, User from, Chat chat, DateTime date, InlineKeyboardMarkup? inlineKeyboard, DateTime? editDate = null) => new()
    {
        Id = id,
        From = from,
        Chat = chat,
        Date = date,
        EditDate = editDate,
        Text = Text,
        Entities = Entities,
        Caption = Caption,
        CaptionEntities = CaptionEntities,
        Photo = Photo,
        Document = Document,
        Contact = Contact,
        ReplyMarkup = inlineKeyboard,
    };

    public static MessageContent Of(Message message) =>
        new(message.Text, message.Entities, message.Caption, message.CaptionEntities, message.Photo, message.Document, message.Contact);
}
