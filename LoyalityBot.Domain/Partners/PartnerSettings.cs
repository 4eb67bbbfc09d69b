using LoyalityBot.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Partners;

/// <summary>
/// A partner's own switches, for the partner bot's settings screen and the API alike: whether clients may message it
/// (<see cref="Model.Partner.AllowClientMessages"/>) and whether the daily churn job leaves its lapsed clients alone
/// (<see cref="Model.Partner.ReactivationOptOut"/>).
/// </summary>
public sealed record PartnerSettings(bool AllowClientMessages, bool ReactivationOptOut)
{
    /// <summary>The partner's settings, or null when there is no such partner.</summary>
    public static Task<PartnerSettings?> ReadAsync(LoyaltyDbContext db, long partnerId, CancellationToken ct) =>
        db.Partners.AsNoTracking().Where(p => p.Id == partnerId)
            .Select(p => new PartnerSettings(p.AllowClientMessages, p.ReactivationOptOut)).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Sets the switches given (null keeps a switch as it is) in one statement, so two changes at once from the bot
    /// and the API never undo each other; returns the settings after the change, or null when there is no such partner.
    /// </summary>
    public static async Task<PartnerSettings?> UpdateAsync(
        LoyaltyDbContext db, long partnerId, bool? allowClientMessages, bool? reactivationOptOut, CancellationToken ct)
    {
        var updated = await db.Partners.Where(p => p.Id == partnerId).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.AllowClientMessages, p => allowClientMessages ?? p.AllowClientMessages)
            .SetProperty(p => p.ReactivationOptOut, p => reactivationOptOut ?? p.ReactivationOptOut), ct);
        return updated == 0 ? null : await ReadAsync(db, partnerId, ct);
    }
}
