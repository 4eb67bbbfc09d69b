namespace LoyalityBot.Domain.Moderation;

/// <summary>The reason an admin gives for a decision; it is sent to the applicant or partner in a Telegram message.</summary>
public static class DecisionReason
{
    public const int MaxLength = 1000;

    /// <summary>The error for an over-long reason, or null when the reason (if any) is acceptable.</summary>
    public static string? Validate(string? reason) =>
        reason is { Length: > MaxLength } ? $"reason must be at most {MaxLength} characters." : null;
}
