using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// Promotions awaiting moderation, oldest first: approve (<c>mod:ok:&lt;id&gt;</c>) or reject (<c>mod:no:&lt;id&gt;</c>).
/// The status and its event (the partner is told by the workers) commit together; a decided item is not decided again.
/// </summary>
internal sealed class ModerationHandler(LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (AdminBot.Asks(update, "moderation", "admin.menu.moderation"))
        {
            await ShowNextAsync(update, cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "mod", out var parts))
        {
            return false;
        }
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        var promotion = parts is ["ok" or "no", var idText] && CallbackData.TryId(idText, out var id)
            ? await db.Promotions.SingleOrDefaultAsync(p => p.Id == id && p.ApprovalStatus == ModerationStatus.Pending, cancellationToken)
            : null;
        if (promotion is null)
        {
            await update.ReplyAsync(update.T("admin.decided"), cancellationToken: cancellationToken);
            return true;
        }
        var approved = parts[0] == "ok";
        promotion.ApprovalStatus = approved ? ModerationStatus.Approved : ModerationStatus.Rejected;
        await db.SaveWithEventsAsync(cancellationToken,
            new ContentModeratedIntegrationEvent(ModeratedContentKind.Promotion, promotion.Id, promotion.PartnerId, approved, approved ? null : "Rejected by moderation"));
        await update.ReplyAsync(update.T("admin.moderation.done", promotion.Id, promotion.ApprovalStatus), cancellationToken: cancellationToken);
        await ShowNextAsync(update, cancellationToken);
        return true;
    }

    private async Task ShowNextAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        var next = await db.Promotions.AsNoTracking().Where(p => p.ApprovalStatus == ModerationStatus.Pending)
            .OrderBy(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (next is null)
        {
            await update.ReplyAsync(update.T("admin.moderation.none"), AdminBot.Menu(update), cancellationToken);
            return;
        }
        await update.ReplyAsync(update.T("admin.moderation.item", next.Id, next.PartnerId, next.Title, next.Description ?? ""),
            Keyboards.Inline([(update.T("admin.btn.approve"), $"mod:ok:{next.Id}"), (update.T("admin.btn.reject"), $"mod:no:{next.Id}")]), cancellationToken);
    }
}
