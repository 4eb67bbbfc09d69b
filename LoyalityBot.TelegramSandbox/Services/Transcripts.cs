using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Renders the sandbox's chat entries as the control API's transcript lines.</summary>
public static class Transcripts
{
    public const string FilesPath = "/control/files";

    public static TranscriptEntry ToTranscript(ChatEntry entry)
    {
        var message = entry.Message;
        var date = new DateTimeOffset(message.Date, TimeSpan.Zero);
        if (entry.Callback is { } callback)
        {
            return new TranscriptEntry(TranscriptEntry.CallbackKind, callback.MessageId, TranscriptEntry.FromUser, callback.Date,
                CallbackQueryId: callback.Id, CallbackData: callback.Data, CallbackAnswer: callback.AnswerText, ShowAlert: callback.ShowAlert);
        }
        return new TranscriptEntry(
            TranscriptEntry.MessageKind,
            message.Id,
            entry.FromBot ? TranscriptEntry.FromBot : TranscriptEntry.FromUser,
            date,
            message.Text ?? message.Caption,
            (message.Entities ?? message.CaptionEntities)?.Select(ToEntity).ToList(),
            entry.Keyboard,
            message.Photo?.Select(size => new SandboxFile(size.FileId, null, "image/jpeg", size.FileSize ?? 0, size.Width, size.Height, FileUrl(size.FileId))).ToList(),
            message.Document is { } document
                ? new SandboxFile(document.FileId, document.FileName, document.MimeType, document.FileSize ?? 0, null, null, FileUrl(document.FileId))
                : null,
            message.Contact is { } contact ? new SandboxContact(contact.PhoneNumber, contact.FirstName, contact.LastName, contact.UserId) : null,
            entry.EditedAt,
            entry.DeletedAt,
            ReplyToMessageId: message.ReplyToMessage?.Id);
    }

    public static string FileUrl(string fileId) => $"{FilesPath}/{Uri.EscapeDataString(fileId)}";

    private static TextEntity ToEntity(MessageEntity entity) =>
        new(TelegramNames.Of(entity.Type), entity.Offset, entity.Length, entity.Url);
}
