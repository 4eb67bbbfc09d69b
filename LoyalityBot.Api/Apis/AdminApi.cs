using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Moderation;
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
        admin.MapPost("/applications/{id:long}/approve", (long id, DecisionRequest? body, PartnerApplicationDecisions decisions, CancellationToken ct) =>
            DecideAsync(id, approve: true, body?.Reason, decisions, ct));
        admin.MapPost("/applications/{id:long}/reject", (long id, DecisionRequest? body, PartnerApplicationDecisions decisions, CancellationToken ct) =>
            DecideAsync(id, approve: false, body?.Reason, decisions, ct));
        admin.MapGet("/moderation/promotions", GetPendingPromotionsAsync);
        admin.MapGet("/moderation/services", GetPendingServicesAsync);
        admin.MapPost("/moderation/{kind}/{id:long}/approve", (string kind, long id, DecisionRequest? body, ContentModeration moderation, CancellationToken ct) =>
            ModerateAsync(kind, id, approve: true, body?.Reason, moderation, ct));
        admin.MapPost("/moderation/{kind}/{id:long}/reject", (string kind, long id, DecisionRequest? body, ContentModeration moderation, CancellationToken ct) =>
            ModerateAsync(kind, id, approve: false, body?.Reason, moderation, ct));
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

    /// <summary>Decides a pending application (see <see cref="PartnerApplicationDecisions"/>); a decided one is a 409.</summary>
    private static async Task<IResult> DecideAsync(long id, bool approve, string? reason, PartnerApplicationDecisions decisions, CancellationToken ct)
    {
        if (DecisionReason.Validate(reason) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [error] });
        }
        var decision = await decisions.DecideAsync(id, approve, reason, ct);
        return decision.Outcome switch
        {
            DecisionOutcome.Decided => TypedResults.Ok(ApplicationResponse.From(decision.Application!)),
            DecisionOutcome.AlreadyDecided => TypedResults.Problem($"The application is already {decision.CurrentStatus}.", statusCode: StatusCodes.Status409Conflict),
            DecisionOutcome.AlreadyPartner => TypedResults.Problem("This Telegram user is a partner already.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NotFound(),
        };
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

    /// <summary>Approves or rejects a pending promotion or service (see <see cref="ContentModeration"/>); a decided one is a 409.</summary>
    private static async Task<IResult> ModerateAsync(string kind, long id, bool approve, string? reason, ContentModeration moderation, CancellationToken ct)
    {
        ModeratedContentKind? content = kind switch { "promotions" => ModeratedContentKind.Promotion, "services" => ModeratedContentKind.Service, _ => null };
        if (content is not { } contentKind)
        {
            return TypedResults.NotFound();
        }
        if (DecisionReason.Validate(reason) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [error] });
        }
        return await moderation.DecideAsync(contentKind, id, approve, reason, ct) switch
        {
            DecisionOutcome.Decided => TypedResults.NoContent(),
            DecisionOutcome.AlreadyDecided => TypedResults.Problem("The item is already moderated.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NotFound(),
        };
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
