using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Apis;

// sendPhoto, sendDocument (a multipart upload or a file_id to reuse) and getFile.
public sealed partial class BotMethods
{
    private BotResult SendPhoto(BotState bot, BotRequest request)
    {
        var sizes = Upload(request, "photo", StoredFileKind.Photo, (content, _) => _state.Files.AddPhoto(content), file => file.PhotoSizes);
        return SendMedia(bot, request, new MessageContent(Photo: sizes));
    }

    private BotResult SendDocument(BotState bot, BotRequest request)
    {
        var document = Upload(request, "document", StoredFileKind.Document,
            (content, upload) => _state.Files.AddDocument(content, upload.FileName,
                upload.ContentType is { Length: > 0 } type && type != "application/octet-stream" ? type : null).ToDocument(),
            file => file.ToDocument());
        return SendMedia(bot, request, new MessageContent(Document: document));
    }

    private BotResult GetFile(BotState bot, BotRequest request) =>
        BotResult.Of(request.String("file_id") is { } fileId && _state.Files.Find(fileId) is { } file
            ? file.ToTelegramFile()
            : throw BotApiException.BadRequest("invalid file_id"));

    private BotResult SendMedia(BotState bot, BotRequest request, MessageContent media)
    {
        var (caption, entities) = Text(request, "caption", MaxCaptionLength);
        var content = caption.Length == 0 ? media : media with { Caption = caption, CaptionEntities = entities };
        return BotResult.Of(_messaging.Send(bot, request.String("chat_id"), content, Markup(request), ReplyTo(request)));
    }

    /// <summary>Stores an uploaded file, or finds the one a file_id names; URLs cannot be fetched offline.</summary>
    private T Upload<T>(BotRequest request, string name, StoredFileKind kind, Func<byte[], IFormFile, T> store, Func<StoredFile, T> reuse)
    {
        if (request.File(name) is { } upload)
        {
            using var stream = new MemoryStream((int)upload.Length);
            upload.CopyTo(stream);
            return store(stream.ToArray(), upload);
        }
        var value = request.String(name);
        if (string.IsNullOrEmpty(value))
        {
            throw BotApiException.BadRequest($"there is no {name} in the request");
        }
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw BotApiException.BadRequest("failed to get HTTP URL content");
        }
        var file = _state.Files.Find(value) ?? throw BotApiException.BadRequest("wrong file identifier/HTTP URL specified");
        return file.Kind == kind ? reuse(file) : throw BotApiException.BadRequest("type of file mismatch");
    }
}
