using LoyalityBot.Media;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using Telegram.Bot.Exceptions;

namespace LoyalityBot.Workers.Images;

/// <summary>
/// Reads an upload's bytes from where the event says it is: the media store's staging area (the API) or Telegram
/// (a photo or document a partner sent a bot: getFile, then the download). Reading stops at the size limit.
/// </summary>
public sealed class MediaSourceReader(IMediaStore store, TelegramGateway telegram, ImageProcessor processor, IOptions<ImageOptions> options)
{
    private readonly long maxBytes = options.Value.MaxBytes;

    /// <summary>The upload's bytes; <see cref="ImageRejectedException"/> when it is missing or too large.</summary>
    public async Task<ReadOnlyMemory<byte>> ReadAsync(MediaUploadedIntegrationEvent upload, CancellationToken cancellationToken)
    {
        // One byte past the limit is enough to know it is too large; a larger source is never read to its end.
        var buffer = new SizeCappedBuffer(maxBytes, bytes => processor.TooLarge(bytes));
        if (upload.StagedKey is { } stagedKey)
        {
            if (!StagingKey.IsValid(stagedKey))
            {
                throw new InvalidOperationException($"Event {upload.Id} names an invalid staging key.");
            }
            await using var staged = await store.OpenStagedAsync(stagedKey, cancellationToken)
                ?? throw new ImageRejectedException("The uploaded photo was not found. Upload it again.");
            await staged.CopyToAsync(buffer, cancellationToken);
        }
        else if (upload is { TelegramBot: { } bot, TelegramFileId: { Length: > 0 } fileId })
        {
            await DownloadAsync(bot, fileId, buffer, cancellationToken);
        }
        else
        {
            throw new InvalidOperationException($"Event {upload.Id} names no source: a staging key, or a Telegram bot and file id.");
        }
        return buffer.Written;
    }

    private async Task DownloadAsync(string bot, string fileId, SizeCappedBuffer buffer, CancellationToken cancellationToken)
    {
        try
        {
            var file = await telegram.GetFileAsync(bot, fileId, cancellationToken);
            if (file.FileSize > maxBytes)
            {
                throw processor.TooLarge(file.FileSize.Value);
            }
            if (file.FilePath is not { Length: > 0 } path)
            {
                throw new ImageRejectedException("Telegram has no copy of the photo any more. Send it again.");
            }
            await telegram.DownloadFileAsync(bot, path, buffer, cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            // "file is too big" (over Telegram's 20 MB for bots), "invalid file_id": the partner must send another.
            throw new ImageRejectedException($"Telegram could not provide the photo ({e.Message}). Send it again, at most {maxBytes / 1048576} MB.");
        }
    }
}
