using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>One promotion or service awaiting moderation, as the admin sees it.</summary>
internal sealed record ModerationItem(ModeratedContentKind Kind, long Id, long PartnerId, string Title, string? Description, DateTime CreatedAt);

/// <summary>
/// The moderation queue of both kinds, as the admin bot walks it: active items still Pending, oldest first (the
/// <c>(approval_status, id)</c> indexes serve it). Decisions go through <see cref="Domain.Moderation.ContentModeration"/>.
/// </summary>
internal sealed class ModerationQueue(LoyaltyDbContext db)
{
    /// <summary>The oldest pending item of either kind, and how many of each kind wait.</summary>
    public async Task<(ModerationItem? Next, int Promotions, int Services)> PeekAsync(CancellationToken cancellationToken)
    {
        var promotions = db.Promotions.AsNoTracking().Where(p => p.ApprovalStatus == ModerationStatus.Pending && p.IsActive);
        var services = db.Services.AsNoTracking().Where(s => s.ApprovalStatus == ModerationStatus.Pending && s.IsActive);
        var promotion = await promotions.OrderBy(p => p.Id)
            .Select(p => new ModerationItem(ModeratedContentKind.Promotion, p.Id, p.PartnerId, p.Title, p.Description, p.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        var service = await services.OrderBy(s => s.Id)
            .Select(s => new ModerationItem(ModeratedContentKind.Service, s.Id, s.PartnerId, s.Title, s.Description, s.CreatedAt))
            .FirstOrDefaultAsync(cancellationToken);
        var next = promotion is null || (service is not null && service.CreatedAt < promotion.CreatedAt) ? service : promotion;
        return (next, await promotions.CountAsync(cancellationToken), await services.CountAsync(cancellationToken));
    }

    /// <summary>Whether the item is still pending (a stale or forged button, or another admin's decision, says no).</summary>
    public async Task<bool> IsPendingAsync(ModeratedContentKind kind, long id, CancellationToken cancellationToken) =>
        kind == ModeratedContentKind.Promotion
            ? await db.Promotions.AnyAsync(p => p.Id == id && p.ApprovalStatus == ModerationStatus.Pending, cancellationToken)
            : await db.Services.AnyAsync(s => s.Id == id && s.ApprovalStatus == ModerationStatus.Pending, cancellationToken);
}
