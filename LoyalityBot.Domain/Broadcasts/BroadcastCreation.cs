namespace LoyalityBot.Domain.Broadcasts;

public enum BroadcastCreationStatus
{
    Created,
    InvalidText,
    InvalidAudience,
    PartnerNotFound,
    UnknownCity,
    InvalidCategory,
    AlreadySentToday,
    NoRecipients,
}

/// <summary>
/// What <see cref="BroadcastService"/> did. <see cref="Recipients"/> is the audience's size when it was created
/// (capped at 500 for a partner); the worker materializes the actual list when it starts sending.
/// </summary>
public sealed record BroadcastCreation(BroadcastCreationStatus Status, long? BroadcastId = null, int Recipients = 0)
{
    public bool Succeeded => Status == BroadcastCreationStatus.Created;

    /// <summary>A message for the person who asked, or null when it was created.</summary>
    public string? Error => Status switch
    {
        BroadcastCreationStatus.Created => null,
        BroadcastCreationStatus.InvalidText => $"The text must not be empty and may have at most {BroadcastService.MaxTextLength} characters.",
        BroadcastCreationStatus.InvalidAudience => "Unknown audience or target.",
        BroadcastCreationStatus.PartnerNotFound => "No active partner with that id.",
        BroadcastCreationStatus.UnknownCity => "No city with that id.",
        BroadcastCreationStatus.InvalidCategory => $"The category must not be blank and may have at most {BroadcastAudienceQuery.MaxCategoryLength} characters.",
        BroadcastCreationStatus.AlreadySentToday => "A partner may send one broadcast per day (UTC); try again tomorrow.",
        BroadcastCreationStatus.NoRecipients => "Nobody matches this audience.",
        _ => throw new ArgumentOutOfRangeException(nameof(Status), Status, null),
    };
}
