using LoyalityBot.Domain.Model;

namespace LoyalityBot.Api.Apis.Contracts;

/// <summary>An admin's broadcast: <c>audience</c> is clients or partners; <c>cityId</c> and <c>category</c> narrow it.</summary>
public sealed record AdminBroadcastBody(string? Audience, int? CityId, string? Category, string? Text);

/// <summary>A partner's broadcast to its own clients: <c>audience</c> is referrals, visitors or both (default).</summary>
public sealed record PartnerBroadcastBody(string? Audience, string? Text);

/// <summary>
/// Delivery so far, as the sending worker last recounted it. <c>Recipients</c> is 0 until the worker has materialized
/// the audience; <c>Remaining</c> = recipients − sent − failed − skipped.
/// </summary>
public sealed record BroadcastProgressResponse(int Recipients, int Sent, int Failed, int Skipped, int Remaining)
{
    public static BroadcastProgressResponse From(BroadcastCampaign c) =>
        new(c.RecipientCount, c.SentCount, c.FailedCount, c.SkippedCount, Math.Max(0, c.RecipientCount - c.SentCount - c.FailedCount - c.SkippedCount));
}

public sealed record BroadcastResponse(
    long Id, BroadcastInitiator Initiator, long? PartnerId, BroadcastTarget Target, BroadcastAudience? Audience, int? CityId,
    string? Category, string Text, BroadcastStatus Status, BroadcastProgressResponse Progress, DateTime CreatedAt,
    DateTime? StartedAt, DateTime? CompletedAt)
{
    public static BroadcastResponse From(BroadcastCampaign c) =>
        new(c.Id, c.Initiator, c.PartnerId, c.Target, c.Audience, c.CityId, c.Category, c.Text, c.Status, BroadcastProgressResponse.From(c),
            c.CreatedAt, c.StartedAt, c.CompletedAt);
}

/// <summary>The answer to a new broadcast: its id and how many it selects now (the worker sends it in the background).</summary>
public sealed record BroadcastCreatedResponse(long Id, int Recipients);
