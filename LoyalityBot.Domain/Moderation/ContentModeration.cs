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
    public Task<DecisionOutcome> DecideAsync(ModeratedContentKind kind, long id, bool approve, string? reason, CancellationToken ct) =>
        kind == ModeratedContentKind.Promotion
            ? DecideAsync(db.Promotions, kind, id, approve, reason, ct)
            : DecideAsync(db.Services, kind, id, approve, reason, ct);

    private async Task<DecisionOutcome> DecideAsync<T>(DbSet<T> items, ModeratedContentKind kind, long id, bool approve, string? reason, CancellationToken ct)
        where T : class, IModeratedContent
    {
        var status = approve ? ModerationStatus.Approved : ModerationStatus.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await items.Where(i => i.Id == id && i.ApprovalStatus == ModerationStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.ApprovalStatus, status), ct);
        var partnerId = await items.Where(i => i.Id == id).Select(i => (long?)i.PartnerId).SingleOrDefaultAsync(ct);
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
