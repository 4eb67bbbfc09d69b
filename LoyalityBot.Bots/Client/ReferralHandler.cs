using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Domain.Cards;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Bots.Client;

/// <summary>The client's referral link (<c>ref_&lt;code&gt;</c>) and their referrals per level with the points they earned.</summary>
internal sealed class ReferralHandler(ClientSession session, LoyaltyReadOnlyDbContext db, IOptions<BotsOptions> options) : IUpdateHandler
{
    private static readonly LedgerEntryKind[] Rewards =
        [LedgerEntryKind.ReferralRewardL1, LedgerEntryKind.ReferralRewardL2, LedgerEntryKind.ReferralRewardL3, LedgerEntryKind.Achievement];

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!ClientBot.Asks(update, "referral", "client.menu.referrals") || session.Client is not { } client)
        {
            return false;
        }
        var levels = await db.ReferralLinks.Where(l => l.ReferrerId == client.Id)
            .GroupBy(l => l.Level).Select(g => new { Level = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var earned = await db.LedgerEntries.Where(e => e.ClientId == client.Id && Rewards.Contains(e.Kind)).SumAsync(e => e.Amount, cancellationToken);
        int Count(int level) => levels.FirstOrDefault(l => l.Level == level)?.Count ?? 0;
        var link = DeepLink.Create(options.Value.Username(ClientBot.Name), $"ref_{client.ReferralCode}");
        await update.ReplyAsync(update.T("client.referrals", link, Count(1), Count(2), Count(3), earned), ClientBot.Menu(update), cancellationToken);
        return true;
    }
}
