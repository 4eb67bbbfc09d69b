using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Bots.Client;

/// <summary>Balance, tier and the points still needed for the next tier (read on the primary: right after a purchase).</summary>
internal sealed class BalanceHandler(ClientSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (!ClientBot.Asks(update, "balance", "client.menu.balance") || session.Client is not { } client)
        {
            return false;
        }
        var balance = await ClientBalance.ReadAsync(db, client.Id, cancellationToken);
        if (balance is null)
        {
            return false;
        }
        await update.ReplyAsync(Describe(update, balance), ClientBot.Menu(update), cancellationToken);
        return true;
    }

    internal static string Describe(BotUpdate update, ClientBalance balance)
    {
        var progress = balance.Tier == Tier.Diamond
            ? update.T("client.balance.top")
            : update.T("client.balance.next", update.T($"tier.{balance.Tier + 1}"), Tiers.Threshold(balance.Tier + 1) - balance.LifetimeEarned);
        return update.T("client.balance", balance.Balance, update.T($"tier.{balance.Tier}"), progress);
    }
}
