using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>Headline statistics, read on the replicas: members, partners, the queue, and today's ledger.</summary>
internal sealed class StatsHandler(LoyaltyReadOnlyDbContext db, TimeProvider time) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!AdminBot.Asks(update, "stats", "admin.menu.stats"))
        {
            return false;
        }
        var today = time.GetUtcNow().UtcDateTime.Date;
        var clients = await db.Clients.CountAsync(cancellationToken);
        var partners = await db.Partners.CountAsync(p => p.Status == PartnerStatus.Active, cancellationToken);
        var pending = await db.PartnerApplications.CountAsync(a => a.Status == ApplicationStatus.Pending, cancellationToken);
        var entries = db.LedgerEntries.Where(e => e.CreatedAt >= today);
        var operations = await entries.CountAsync(cancellationToken);
        var earned = await entries.Where(e => e.Amount > 0).SumAsync(e => e.Amount, cancellationToken);
        var spent = await entries.Where(e => e.Amount < 0).SumAsync(e => -e.Amount, cancellationToken);
        await update.ReplyAsync(update.T("admin.stats", clients, partners, pending, operations, earned, spent), AdminBot.Menu(update), cancellationToken);
        return true;
    }
}
