using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Broadcasts;

/// <summary>A partner's broadcast to its own clients: those it registered, those who visited it, or both.</summary>
public sealed record PartnerBroadcastRequest(long PartnerId, BroadcastAudience Audience, string Text);

/// <summary>
/// An admin's broadcast to every active client or partner, optionally only those in <paramref name="CityId"/> and of
/// <paramref name="Category"/> (for clients: who visited a partner of that category). The caller checks that
/// <paramref name="AdminId"/> is an admin.
/// </summary>
public sealed record AdminBroadcastRequest(long AdminId, BroadcastTarget Target, string Text, int? CityId = null, string? Category = null);
