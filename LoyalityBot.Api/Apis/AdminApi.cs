using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using System.Security.Claims;

namespace LoyalityBot.Api.Apis;

/// <summary>Admin tools: partner applications, content moderation, headline statistics, exports, broadcasts. Admins only (config).</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin").WithTags("Admin").RequireAuthorization(RoleNames.Admin);
        admin.MapGet("/applications", GetApplicationsAsync);
        admin.MapPost("/applications/{id:long}/approve", (long id, DecisionRequest? body, LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time, CancellationToken ct) =>
            DecideAsync(id, approve: true, body?.Reason, db, catalog, time, ct));
        admin.MapPost("/applications/{id:long}/reject", (long id, DecisionRequest? body, LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time, CancellationToken ct) =>
            DecideAsync(id, approve: false, body?.Reason, db, catalog, time, ct));
        admin.MapGet("/moderation/promotions", GetPendingPromotionsAsync);
        admin.MapGet("/moderation/services", GetPendingServicesAsync);
        admin.MapPost("/moderation/{kind}/{id:long}/approve", (string kind, long id, DecisionRequest? body, LoyaltyDbContext db, CatalogGeneration catalog, CancellationToken ct) =>
            ModerateAsync(kind, id, approve: true, body?.Reason, db, catalog, ct));
        admin.MapPost("/moderation/{kind}/{id:long}/reject", (string kind, long id, DecisionRequest? body, LoyaltyDbContext db, CatalogGeneration catalog, CancellationToken ct) =>
            ModerateAsync(kind, id, approve: false, body?.Reason, db, catalog, ct));
        admin.MapGet("/stats", GetStatsAsync);
        admin.MapPost("/exports", RequestExportAsync);
        admin.MapAdminBroadcasts();
        return api;
    }

    /// <summary>The queue of pending applications, oldest first (replicas).</summary>
    private static async Task<Results<Ok<PageResponse<ApplicationResponse>>, ValidationProblem>> GetApplicationsAsync(
        LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok((await db.ApplicationsAsync(ApplicationStatus.Pending, page, ct)).Map(ApplicationResponse.From));
    }

    /// <summary>
    /// Approval creates the partner (its id is the applicant's Telegram id) and the decision event in one transaction.
    /// The decision itself is a conditional update (Pending → decided): of two admins deciding at once, the second
    /// waits for the first's row lock, then finds the application decided and gets a 409, so there is one decision,
    /// at most one partner and one event.
    /// </summary>
    private static async Task<IResult> DecideAsync(long id, bool approve, string? reason, LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time, CancellationToken ct)
    {
        if (reason is { Length: > 1000 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["reason must be at most 1000 characters."] });
        }
        var now = time.GetUtcNow().UtcDateTime;
        var status = approve ? ApplicationStatus.Approved : ApplicationStatus.Rejected;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.PartnerApplications.Where(a => a.Id == id && a.Status == ApplicationStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Status, status).SetProperty(a => a.DecidedAt, now), ct);
        if (claimed == 0)
        {
            var current = await db.PartnerApplications.Where(a => a.Id == id).Select(a => (ApplicationStatus?)a.Status).SingleOrDefaultAsync(ct);
            return current is { } decided
                ? TypedResults.Problem($"The application is already {decided}.", statusCode: StatusCodes.Status409Conflict)
                : TypedResults.NotFound();
        }
        var application = await db.PartnerApplications.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        long? partnerId = null;
        if (approve)
        {
            if (await db.Partners.AnyAsync(p => p.Id == application.TelegramUserId, ct))
            {
                return TypedResults.Problem("This Telegram user is a partner already.", statusCode: StatusCodes.Status409Conflict);
            }
            db.Partners.Add(new Partner
            {
                Id = application.TelegramUserId, ApplicationId = application.Id, Name = application.Name, CompanyName = application.CompanyName,
                Phone = application.Phone, Email = application.Email, Category = application.Category, CategoryGroup = application.CategoryGroup,
                CityId = application.CityId, District = application.District, WorkMode = application.WorkMode, BookingUrl = application.BookingUrl,
                ContactLink = application.ContactLink, CreatedAt = now,
            });
            partnerId = application.TelegramUserId;
        }
        try
        {
            await db.SaveWithEventsAsync(() => [new PartnerApplicationDecidedIntegrationEvent(application.Id, application.TelegramUserId, approve, reason, partnerId)], ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two applications of one Telegram user approved at once: the partner's primary key lets only one through.
            return TypedResults.Problem("This Telegram user became a partner meanwhile.", statusCode: StatusCodes.Status409Conflict);
        }
        if (approve)
        {
            // A new active partner joins the catalog's partner lists.
            await catalog.BumpAsync();
        }
        return TypedResults.Ok(ApplicationResponse.From(application));
    }

    private static async Task<Results<Ok<PageResponse<OwnPromotionResponse>>, ValidationProblem>> GetPendingPromotionsAsync(
        LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var pending = await db.Promotions.Where(p => p.ApprovalStatus == ModerationStatus.Pending && p.IsActive)
            .ToKeysetPageAsync(p => p.Id, descending: false, page, ct);
        return TypedResults.Ok(pending.Map(p => new OwnPromotionResponse(PromotionResponse.From(p), p.ApprovalStatus, p.IsActive, [])));
    }

    private static async Task<Results<Ok<PageResponse<OwnServiceResponse>>, ValidationProblem>> GetPendingServicesAsync(
        LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var pending = await db.Services.Where(s => s.ApprovalStatus == ModerationStatus.Pending && s.IsActive)
            .ToKeysetPageAsync(s => s.Id, descending: false, page, ct);
        return TypedResults.Ok(pending.Map(s => new OwnServiceResponse(ServiceResponse.From(s), s.ApprovalStatus, s.IsActive)));
    }

    /// <summary>Approves or rejects a promotion or service; the partner hears it through the partner bot.</summary>
    private static async Task<IResult> ModerateAsync(string kind, long id, bool approve, string? reason, LoyaltyDbContext db, CatalogGeneration catalog, CancellationToken ct)
    {
        ModeratedContentKind? content = kind switch { "promotions" => ModeratedContentKind.Promotion, "services" => ModeratedContentKind.Service, _ => null };
        if (content is not { } contentKind)
        {
            return TypedResults.NotFound();
        }
        if (reason is { Length: > 1000 })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["reason must be at most 1000 characters."] });
        }
        var status = approve ? ModerationStatus.Approved : ModerationStatus.Rejected;
        long partnerId;
        if (contentKind == ModeratedContentKind.Promotion)
        {
            if (await db.Promotions.SingleOrDefaultAsync(p => p.Id == id, ct) is not { } promotion)
            {
                return TypedResults.NotFound();
            }
            promotion.ApprovalStatus = status;
            partnerId = promotion.PartnerId;
        }
        else
        {
            if (await db.Services.SingleOrDefaultAsync(s => s.Id == id, ct) is not { } service)
            {
                return TypedResults.NotFound();
            }
            service.ApprovalStatus = status;
            partnerId = service.PartnerId;
        }
        await db.SaveWithEventsAsync(() => [new ContentModeratedIntegrationEvent(contentKind, id, partnerId, approve, reason)], ct);
        await catalog.BumpAsync();
        return TypedResults.NoContent();
    }

    /// <summary>Headline figures from the replicas.</summary>
    private static async Task<Ok<HeadlineStatsResponse>> GetStatsAsync(LoyaltyReadOnlyDbContext db, TimeProvider time, CancellationToken ct)
    {
        var dayAgo = time.GetUtcNow().UtcDateTime.AddDays(-1);
        return TypedResults.Ok(new HeadlineStatsResponse(
            await db.Clients.LongCountAsync(c => c.Status == ClientStatus.Active, ct),
            await db.Partners.LongCountAsync(p => p.Status == PartnerStatus.Active, ct),
            await db.PartnerApplications.LongCountAsync(a => a.Status == ApplicationStatus.Pending, ct),
            await db.Promotions.LongCountAsync(p => p.ApprovalStatus == ModerationStatus.Pending && p.IsActive, ct),
            await db.Services.LongCountAsync(s => s.ApprovalStatus == ModerationStatus.Pending && s.IsActive, ct),
            await db.PointAccounts.SumAsync(a => (long?)a.Balance, ct) ?? 0,
            await db.LedgerEntries.LongCountAsync(e => e.CreatedAt >= dayAgo, ct)));
    }

    private static async Task<Results<Accepted<AcceptedResponse>, ValidationProblem>> RequestExportAsync(
        AdminExportRequest? body, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        ExportKind? kind = body?.Kind switch { "clients" => ExportKind.AdminClientsCsv, "transactions" => ExportKind.AdminTransactionsCsv, _ => null };
        if (kind is not { } value)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["kind"] = ["kind is clients or transactions."] });
        }
        await db.SaveWithEventsAsync(() => [new ExportRequestedIntegrationEvent(value, "admin", user.UserId(), null, null)], ct);
        return TypedResults.Accepted((string?)null, new AcceptedResponse("The export will arrive in the admin bot."));
    }
}
