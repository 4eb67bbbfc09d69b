using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Model;

public enum StoredFileKind
{
    Photo,
    Document,
}

/// <summary>An uploaded file. Every size of a photo is its own file_id over the same bytes (the sandbox does not resize).</summary>
public sealed class StoredFile
{
    public required string FileId { get; init; }

    public required string FileUniqueId { get; init; }

    public required string FilePath { get; init; }

    public required StoredFileKind Kind { get; init; }

    public required byte[] Content { get; init; }

    public string? FileName { get; init; }

    public string? MimeType { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>For a photo: all its sizes, smallest first, so resending any of them by file_id sends the same photo.</summary>
    public PhotoSize[] PhotoSizes { get; set; } = [];

    public Document ToDocument() => new()
    {
        FileId = FileId,
        FileUniqueId = FileUniqueId,
        FileSize = Content.Length,
        FileName = FileName,
        MimeType = MimeType,
    };

    public TGFile ToTelegramFile() => new()
    {
        FileId = FileId,
        FileUniqueId = FileUniqueId,
        FileSize = Content.Length,
        FilePath = FilePath,
    };
}
