namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>What an uploaded photo illustrates.</summary>
public enum MediaOwnerKind { Promotion, Service }

/// <summary>
/// A partner uploaded a photo for a promotion or service. It arrives either as a Telegram file
/// (<paramref name="TelegramBot"/> and <paramref name="TelegramFileId"/>, sent to that bot) or as raw bytes the API
/// staged in the media store under <paramref name="StagedKey"/>. The workers validate, resize and store it, then set
/// the owner's image hash.
/// </summary>
public sealed record MediaUploadedIntegrationEvent(
    MediaOwnerKind OwnerKind, long OwnerId, long PartnerId, string? TelegramBot, string? TelegramFileId, string? StagedKey) : IntegrationEvent;
