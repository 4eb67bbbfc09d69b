using System.Collections.Concurrent;
using System.Security.Cryptography;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Uploaded photos and documents, by file_id and by the file_path that getFile hands out.</summary>
public sealed class FileStore
{
    // Telegram sends a photo as a few sizes; these are the longest sides it uses for the smaller ones.
    private static readonly int[] PhotoSides = [90, 320, 800];

    private readonly ConcurrentDictionary<string, StoredFile> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StoredFile> _byPath = new(StringComparer.Ordinal);
    private long _sequence;

    public StoredFile? Find(string fileId) => _byId.GetValueOrDefault(fileId);

    public StoredFile? FindByPath(string filePath) => _byPath.GetValueOrDefault(filePath);

    public void Clear()
    {
        _byId.Clear();
        _byPath.Clear();
    }

    /// <summary>Stores a photo and returns its sizes, smallest first, the last one being the original.</summary>
    public PhotoSize[] AddPhoto(byte[] content)
    {
        if (!ImageSize.TryRead(content, out var width, out var height))
        {
            throw BotApiException.BadRequest("IMAGE_PROCESS_FAILED");
        }
        var longest = Math.Max(width, height);
        var sides = PhotoSides.Where(side => side < longest).Append(longest);
        var files = sides.Select(side => Add(StoredFileKind.Photo, content, null, "image/jpeg",
            Math.Max(1, width * side / longest), Math.Max(1, height * side / longest))).ToArray();
        var sizes = files.Select(file => new PhotoSize
        {
            FileId = file.FileId,
            FileUniqueId = file.FileUniqueId,
            FileSize = content.Length,
            Width = file.Width,
            Height = file.Height,
        }).ToArray();
        foreach (var file in files)
        {
            file.PhotoSizes = sizes;
        }
        return sizes;
    }

    public StoredFile AddDocument(byte[] content, string fileName, string? mimeType) =>
        Add(StoredFileKind.Document, content, fileName, mimeType ?? MimeTypes.FromFileName(fileName), 0, 0);

    private StoredFile Add(StoredFileKind kind, byte[] content, string? fileName, string? mimeType, int width, int height)
    {
        var sequence = Interlocked.Increment(ref _sequence);
        var folder = kind == StoredFileKind.Photo ? "photos" : "documents";
        var extension = kind == StoredFileKind.Photo ? ".jpg" : Path.GetExtension(fileName);
        var file = new StoredFile
        {
            // Real file_ids are opaque URL-safe strings; a prefix tells the kinds apart when debugging.
            FileId = (kind == StoredFileKind.Photo ? "AgAC" : "BQAC") + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'),
            FileUniqueId = "AQAD" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            FilePath = $"{folder}/file_{sequence}{extension}",
            Kind = kind,
            Content = content,
            FileName = fileName,
            MimeType = mimeType,
            Width = width,
            Height = height,
        };
        _byId[file.FileId] = file;
        _byPath[file.FilePath] = file;
        return file;
    }
}
