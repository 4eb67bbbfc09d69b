using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Queries;

/// <summary>A client's balance and tier (tiers come from lifetime earnings, not the balance).</summary>
public sealed record ClientBalance(long ClientId, long Balance, long LifetimeEarned, Tier Tier)
{
    /// <summary>Read it on the primary (<see cref="LoyaltyDbContext"/>) before a spend or right after an accrual.</summary>
    public static async Task<ClientBalance?> ReadAsync(LoyaltyDbContext db, long clientId, CancellationToken ct = default)
    {
        var account = await db.PointAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.ClientId == clientId, ct);
        return account is null
            ? null
            : new ClientBalance(clientId, account.Balance, account.LifetimeEarned, Tiers.ForLifetimeEarned(account.LifetimeEarned));
    }
}
