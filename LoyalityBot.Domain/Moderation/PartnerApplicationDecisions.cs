using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.Domain.Moderation;

/// <summary>
/// Approves or rejects a partner application, for the admin bot and the admin API alike. Approval creates the partner
/// (its id is the applicant's Telegram id) and the decision event (the workers tell the applicant) in one transaction.
/// The decision itself is a conditional update (Pending → decided): of two admins deciding at once, the second waits
/// for the first's row lock, then finds the application decided, so there is one decision, at most one partner and one
/// event. An approval bumps the <see cref="CatalogGeneration"/>: a new active partner joins the catalog's partner lists.
/// </summary>
public sealed class PartnerApplicationDecisions(LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time)
{
    public async Task<ApplicationDecision> DecideAsync(long id, bool approve, string? reason, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var status = approve ? ApplicationStatus.Approved : ApplicationStatus.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.PartnerApplications.Where(a => a.Id == id && a.Status == ApplicationStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, status).SetProperty(a => a.DecidedAt, now), ct);
        if (claimed == 0)
        {
            var current = await db.PartnerApplications.Where(a => a.Id == id).Select(a => (ApplicationStatus?)a.Status).SingleOrDefaultAsync(ct);
            return current is { } decided ? new(DecisionOutcome.AlreadyDecided, CurrentStatus: decided) : new(DecisionOutcome.NotFound);
        }
        // Read inside the transaction, so it shows the decision just made.
        var application = await db.PartnerApplications.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        long? partnerId = null;
        if (approve)
        {
            if (await db.Partners.AnyAsync(p => p.Id == application.TelegramUserId, ct))
            {
                return new(DecisionOutcome.AlreadyPartner, application);
            }
            db.Partners.Add(PartnerFrom(application, now));
            partnerId = application.TelegramUserId;
        }
        try
        {
            await db.SaveWithEventsAsync(ct, new PartnerApplicationDecidedIntegrationEvent(application.Id, application.TelegramUserId, approve, reason, partnerId));
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Two applications of one Telegram user approved at once: the partner's primary key lets only one through.
            db.ChangeTracker.Clear();
            return new(DecisionOutcome.AlreadyPartner, application);
        }
        if (approve)
        {
            await catalog.BumpAsync();
        }
        return new(DecisionOutcome.Decided, application);
    }

    private static Partner PartnerFrom(PartnerApplication application, DateTime now) => new()
    {
        Id = application.TelegramUserId, ApplicationId = application.Id, Name = application.Name, CompanyName = application.CompanyName,
        Phone = application.Phone, Email = application.Email, Category = application.Category, CategoryGroup = application.CategoryGroup,
        CityId = application.CityId, District = application.District, WorkMode = application.WorkMode, BookingUrl = application.BookingUrl,
        ContactLink = application.ContactLink, CreatedAt = now,
    };
}
