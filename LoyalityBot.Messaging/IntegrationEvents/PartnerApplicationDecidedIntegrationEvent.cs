namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>
/// An admin approved or rejected a partner application; the applicant hears it through the partner bot.
/// <paramref name="PartnerId"/> is the partner created on approval.
/// </summary>
public sealed record PartnerApplicationDecidedIntegrationEvent(
    long ApplicationId, long ApplicantTelegramId, bool Approved, string? Reason, long? PartnerId) : IntegrationEvent;
