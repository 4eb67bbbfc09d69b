using Microsoft.AspNetCore.StaticFiles;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Telegram guesses a document's MIME type from its name, since clients upload it as octet-stream.</summary>
public static class MimeTypes
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string FromFileName(string fileName) =>
        Provider.TryGetContentType(fileName, out var type) ? type : "application/octet-stream";
}
