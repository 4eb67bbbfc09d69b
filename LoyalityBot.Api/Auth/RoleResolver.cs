using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Auth;

/// <summary>
/// Roles at sign-in: client when a registered, active client has the Telegram id; partner when an active partner
/// does (a partner's id is its owner's Telegram id); admin when <c>Admin:TelegramIds</c> lists it. Read on the
/// primary: someone who registered a second ago in the bot must get their role now.
/// </summary>
public sealed class RoleResolver(IConfiguration configuration)
{
    private readonly HashSet<long> admins = [.. configuration.GetSection("Admin:TelegramIds").Get<long[]>() ?? []];

    public async Task<ApiRoles> ResolveAsync(LoyaltyDbContext db, long userId, CancellationToken ct)
    {
        var roles = admins.Contains(userId) ? ApiRoles.Admin : ApiRoles.None;
        if (await db.Clients.AnyAsync(c => c.Id == userId && c.Status == ClientStatus.Active, ct))
        {
            roles |= ApiRoles.Client;
        }
        if (await db.Partners.AnyAsync(p => p.Id == userId && p.Status == PartnerStatus.Active, ct))
        {
            roles |= ApiRoles.Partner;
        }
        return roles;
    }
}
