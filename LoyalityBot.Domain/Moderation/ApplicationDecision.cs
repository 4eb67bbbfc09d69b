using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Moderation;

/// <summary>The outcome of deciding a partner application, the application as decided, and its status when it was decided before.</summary>
public sealed record ApplicationDecision(DecisionOutcome Outcome, PartnerApplication? Application = null, ApplicationStatus? CurrentStatus = null);
