namespace LoyalityBot.Domain.Moderation;

/// <summary>What an admin's decision did. Only a pending item is decided, so two admins (or a stale button) decide once.</summary>
public enum DecisionOutcome
{
    Decided,
    NotFound,
    AlreadyDecided,

    /// <summary>The applicant's Telegram user is a partner already (another application of theirs was approved).</summary>
    AlreadyPartner,
}
