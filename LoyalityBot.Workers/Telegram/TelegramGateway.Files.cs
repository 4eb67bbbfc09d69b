using Telegram.Bot;
using Telegram.Bot.Types;

namespace LoyalityBot.Workers.Telegram;

// Files both ways: documents out (through the limits like any send), and files users sent in (getFile + download,
// which Telegram does not count against the sending limits).
public sealed partial class TelegramGateway
{
    /// <summary>
    /// Sends a document as a multipart upload. <paramref name="open"/> is called once per attempt, so a retry
    /// uploads the whole file again from its start; the content is streamed, never held in memory here.
    /// </summary>
    public Task<SendOutcome> SendDocumentAsync(string bot, long chatId, Func<Stream> open, string fileName, string? caption,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(open);
        return SendAsync(bot, chatId, async (client, ct) =>
        {
            await using var content = open();
            await client.SendDocument(chatId, InputFile.FromStream(content, fileName), caption: caption, cancellationToken: ct);
        }, cancellationToken);
    }

    /// <summary>getFile: the file's size and its download path (Telegram serves files up to 20 MB to bots).</summary>
    public Task<TGFile> GetFileAsync(string bot, string fileId, CancellationToken cancellationToken = default) =>
        Client(bot).GetFile(fileId, cancellationToken);

    /// <summary>Downloads the file at <paramref name="filePath"/> (from <see cref="GetFileAsync"/>) into <paramref name="destination"/>.</summary>
    public Task DownloadFileAsync(string bot, string filePath, Stream destination, CancellationToken cancellationToken = default) =>
        Client(bot).DownloadFile(filePath, destination, cancellationToken);
}
