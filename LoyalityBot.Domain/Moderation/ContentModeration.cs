using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Moderation;

/// <summary>
/// Approves or rejects a pending promotion or service, for the admin bot and the admin API alike. The new status and
/// its <see cref="ContentModeratedIntegrationEvent"/> (the workers tell the partner) commit in one transaction; the
/// status change is conditional (Pending → decided), so of two admins deciding at once only one decides and only one
/// event is sent. Then the Mini App catalog is invalidated (<see cref="CatalogGeneration"/>), so an approval shows and
/// a rejection hides at once.
/// </summary>
public sealed class ContentModeration(LoyaltyDbContext db, CatalogGeneration catalog)
{
    public async Task<DecisionOutcome> DecideAsync(ModeratedContentKind kind, long id, bool approve, string? reason, CancellationToken ct)
    {
        var status = approve ? ModerationStatus.Approved : ModerationStatus.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = kind == ModeratedContentKind.Promotion
            ? await db.Promotions.Where(p => p.Id == id && p.ApprovalStatus == ModerationStatus.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(p => p.ApprovalStatus, status), ct)
            : await db.Services.Where(s => s.Id == id && s.ApprovalStatus == ModerationStatus.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.ApprovalStatus, status), ct);
        var partnerId = kind == ModeratedContentKind.Promotion
            ? await db.Promotions.Where(p => p.Id == id).Select(p => (long?)p.PartnerId).SingleOrDefaultAsync(ct)
            : await db.Services.Where(s => s.Id == id).Select(s => (long?)s.PartnerId).SingleOrDefaultAsync(ct);
        if (claimed == 0 || partnerId is not { } owner)
        {
            return partnerId is null ? DecisionOutcome.NotFound : DecisionOutcome.AlreadyDecided;
        }
        await db.SaveWithEventsAsync(ct, new ContentModeratedIntegrationEvent(kind, id, owner, approve, reason));
        await transaction.CommitAsync(ct);
        await catalog.BumpAsync();
        return DecisionOutcome.Decided;
    }
}
