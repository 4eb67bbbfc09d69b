using System.Diagnostics;
using System.Diagnostics.Metrics;
using LoyalityBot.Coordination;
using LoyalityBot.Media;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Images;
using LoyalityBot.Workers.Notifications;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Processes a partner's photo: read, validate, resize, store both variants by content hash, then set the owner's
/// image hash in the same transaction as the processed-event record. A refused photo is explained to the partner
/// through the partner bot. Redelivery is harmless at every step: the store ignores keys it has, the record stops a
/// second update or notice, and a redelivery after the record only removes a leftover staged upload. A new image
/// hash invalidates the Mini App catalog (the item may have been approved while its photo was processed).
/// </summary>
internal sealed partial class MediaUploadedHandler(
    MediaSourceReader reader, ImageProcessor processor, IMediaStore store, NpgsqlDataSource dataSource, TelegramGateway telegram,
    CatalogGeneration catalog, IOptions<NotificationOptions> notifications, ILogger<MediaUploadedHandler> logger) : IIntegrationEventHandler<MediaUploadedIntegrationEvent>
{
    internal const string Consumer = "media";

    private static readonly Meter Meter = new(ImageProcessingExtensions.MeterName);
    private static readonly Counter<long> Images = Meter.CreateCounter<long>("media.images", description: "Uploaded photos by outcome (stored, rejected)");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("media.image.duration", "ms", "Time to read, validate, resize and store a photo");

    public async Task Handle(MediaUploadedIntegrationEvent upload, CancellationToken cancellationToken)
    {
        if (await ProcessedEvents.ContainsAsync(dataSource, upload.Id, Consumer, cancellationToken))
        {
            await DeleteStagedAsync(upload, cancellationToken);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        ProcessedImage image;
        try
        {
            image = processor.Process(await reader.ReadAsync(upload, cancellationToken));
        }
        catch (ImageRejectedException rejected)
        {
            await RejectAsync(upload, rejected.Message, cancellationToken);
            Count(started, "rejected");
            return;
        }
        await store.PutAsync(new MediaKey(image.Hash, MediaVariant.Full), image.Full.OpenRead(), cancellationToken);
        await store.PutAsync(new MediaKey(image.Hash, MediaVariant.Thumb), image.Thumb.OpenRead(), cancellationToken);
        if (await SetImageHashAsync(upload, image.Hash, cancellationToken))
        {
            await catalog.BumpAsync();
        }
        else
        {
            LogOwnerMissing(logger, upload.OwnerKind, upload.OwnerId, upload.PartnerId);
        }
        await DeleteStagedAsync(upload, cancellationToken);
        LogStored(logger, upload.OwnerKind, upload.OwnerId, image.Hash, image.Full.Width, image.Full.Height);
        Count(started, "stored");
    }

    /// <summary>Sets the hash on the partner's own promotion or service (another partner's is left alone).</summary>
    private async Task<bool> SetImageHashAsync(MediaUploadedIntegrationEvent upload, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await ProcessedEvents.TryRecordAsync(connection, transaction, upload.Id, Consumer, cancellationToken))
        {
            return true; // a concurrent delivery of the same event did it
        }
        await using var update = new NpgsqlCommand(
            $"UPDATE {OwnerTable(upload.OwnerKind)} SET image_hash = $1 WHERE id = $2 AND partner_id = $3", connection, transaction);
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = hash });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload.OwnerId });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload.PartnerId });
        var updated = await update.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>Tells the partner why (check, send, record: a crash in between repeats this notice once).</summary>
    private async Task RejectAsync(MediaUploadedIntegrationEvent upload, string reason, CancellationToken cancellationToken)
    {
        await using var title = dataSource.CreateCommand($"SELECT title FROM {OwnerTable(upload.OwnerKind)} WHERE id = $1 AND partner_id = $2");
        title.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload.OwnerId });
        title.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upload.PartnerId });
        var name = await title.ExecuteScalarAsync(cancellationToken) as string ?? $"#{upload.OwnerId}";
        var text = $"The photo for {(upload.OwnerKind == MediaOwnerKind.Promotion ? "promotion" : "service")} \"{name}\" was not accepted: {reason}";
        var outcome = await telegram.SendTextAsync(notifications.Value.PartnerBot, upload.PartnerId, text, cancellationToken);
        if (outcome == SendOutcome.Failed)
        {
            throw new InvalidOperationException($"The partner {upload.PartnerId} could not be told that event {upload.Id}'s photo was refused.");
        }
        await ProcessedEvents.RecordAsync(dataSource, upload.Id, Consumer, cancellationToken);
        await DeleteStagedAsync(upload, cancellationToken);
        LogRejected(logger, upload.OwnerKind, upload.OwnerId, reason);
    }

    private Task DeleteStagedAsync(MediaUploadedIntegrationEvent upload, CancellationToken cancellationToken) =>
        upload.StagedKey is { } key && StagingKey.IsValid(key) ? store.DeleteStagedAsync(key, cancellationToken) : Task.CompletedTask;

    private static string OwnerTable(MediaOwnerKind kind) => kind switch
    {
        MediaOwnerKind.Promotion => "promotions",
        MediaOwnerKind.Service => "services",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown media owner."),
    };

    private static void Count(long started, string outcome)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Images.Add(1, tag);
        Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the photo of {OwnerKind} {OwnerId} as {Hash} ({Width}x{Height})")]
    private static partial void LogStored(ILogger logger, MediaOwnerKind ownerKind, long ownerId, string hash, int width, int height);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused the photo of {OwnerKind} {OwnerId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, MediaOwnerKind ownerKind, long ownerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{OwnerKind} {OwnerId} of partner {PartnerId} does not exist; the photo is stored but linked to nothing")]
    private static partial void LogOwnerMissing(ILogger logger, MediaOwnerKind ownerKind, long ownerId, long partnerId);
}
