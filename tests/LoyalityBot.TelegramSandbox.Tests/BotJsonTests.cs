using System.Text.Json;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The sandbox's trimmed serializer writes exactly what Telegram.Bot's own settings write.</summary>
public sealed class BotJsonTests
{
    [Fact]
    public void Messages_with_every_field_the_sandbox_sets_serialize_as_with_JsonBotAPI_Options()
    {
        var user = new User { Id = 7, FirstName = "Ann", Username = "ann", LanguageCode = "en" };
        var content = new MessageContent(
            Text: "hi",
            Entities: [new MessageEntity { Type = MessageEntityType.Bold, Offset = 0, Length = 2 }],
            Caption: "cap",
            CaptionEntities: [new MessageEntity { Type = MessageEntityType.TextLink, Offset = 0, Length = 3, Url = "https://x.org" }],
            Photo: [new PhotoSize { FileId = "p", FileUniqueId = "u", Width = 9, Height = 9, FileSize = 1 }],
            Document: new Document { FileId = "d", FileUniqueId = "v", FileName = "a.pdf", MimeType = "application/pdf", FileSize = 2 },
            Contact: new Contact { PhoneNumber = "+1", FirstName = "Ann", UserId = 7 });
        var message = content.ToMessage(3, user, new Chat { Id = 7, Type = ChatType.Private, FirstName = "Ann" }, DateTime.UtcNow,
            new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "a")), DateTime.UtcNow);
        var update = new Update { Id = 1, Message = message, CallbackQuery = new CallbackQuery { Id = "c", From = user, ChatInstance = "i", Data = "a", Message = message } };

        Assert.Equal(JsonSerializer.Serialize(message, JsonBotAPI.Options), JsonSerializer.Serialize(message, BotJson.Options));
        Assert.Equal(JsonSerializer.Serialize(update, JsonBotAPI.Options), JsonSerializer.Serialize(update, BotJson.Options));
    }
}
