using System.Globalization;
using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Apis;

/// <summary>
/// Broadcasts through <see cref="BroadcastService"/> (the bots' component): an admin's to all clients or partners
/// (optionally one city and category), a partner's to its own clients (once per UTC day, at most 500). The workers
/// send them; these endpoints create them and show their progress. A partner sees only its own broadcasts (another's
/// is a 404); an admin sees all.
/// </summary>
public static class BroadcastApi
{
    public static RouteGroupBuilder MapAdminBroadcasts(this RouteGroupBuilder admin)
    {
        admin.MapPost("/broadcasts", CreateAdminBroadcastAsync);
        admin.MapGet("/broadcasts", (LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct) =>
            ListAsync(db.BroadcastCampaigns, cursor, limit, ct));
        admin.MapGet("/broadcasts/{id:long}", (long id, LoyaltyDbContext db, CancellationToken ct) =>
            GetAsync(db.BroadcastCampaigns, id, ct));
        return admin;
    }

    public static RouteGroupBuilder MapPartnerBroadcasts(this RouteGroupBuilder partner)
    {
        partner.MapPost("/broadcasts", CreatePartnerBroadcastAsync);
        partner.MapGet("/broadcasts", (ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct) =>
            ListAsync(Own(db, user), cursor, limit, ct));
        // The primary: a partner opens the broadcast it just created.
        partner.MapGet("/broadcasts/{id:long}", (long id, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct) =>
            GetAsync(Own(db, user), id, ct));
        return partner;
    }

    private static IQueryable<BroadcastCampaign> Own(LoyaltyDbContext db, ClaimsPrincipal user)
    {
        var partnerId = user.UserId();
        return db.BroadcastCampaigns.Where(c => c.PartnerId == partnerId);
    }

    private static async Task<IResult> CreateAdminBroadcastAsync(AdminBroadcastBody? body, ClaimsPrincipal user, BroadcastService broadcasts, CancellationToken ct)
    {
        BroadcastTarget? target = body?.Audience?.ToLowerInvariant() switch
        {
            "clients" => BroadcastTarget.Clients,
            "partners" => BroadcastTarget.Partners,
            _ => null,
        };
        var check = new Validation()
            .Require(target is not null, "audience", "audience is clients or partners.")
            .Require(body?.CityId is null or > 0, "cityId", "cityId must be a positive city id.")
            .Text(body?.Category, "category", BroadcastAudienceQuery.MaxCategoryLength, required: false)
            .Text(body?.Text, "text", BroadcastService.MaxTextLength);
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        var created = await broadcasts.CreateAdminBroadcastAsync(new AdminBroadcastRequest(user.UserId(), target!.Value, body!.Text!, body.CityId, body.Category), ct);
        return ToResponse(created, "/api/v1/admin/broadcasts");
    }

    private static async Task<IResult> CreatePartnerBroadcastAsync(
        PartnerBroadcastBody? body, ClaimsPrincipal user, BroadcastService broadcasts, HttpResponse response, TimeProvider time, CancellationToken ct)
    {
        BroadcastAudience? audience = (body?.Audience ?? "both").ToLowerInvariant() switch
        {
            "referrals" => BroadcastAudience.Referrals,
            "visitors" => BroadcastAudience.Visitors,
            "both" => BroadcastAudience.Both,
            _ => null,
        };
        var check = new Validation()
            .Require(audience is not null, "audience", "audience is referrals, visitors or both.")
            .Text(body?.Text, "text", BroadcastService.MaxTextLength);
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        var created = await broadcasts.CreatePartnerBroadcastAsync(new PartnerBroadcastRequest(user.UserId(), audience!.Value, body!.Text!), ct);
        if (created.Status == BroadcastCreationStatus.AlreadySentToday)
        {
            // Retry-After: the next UTC day, when the partner's daily broadcast is free again.
            var now = time.GetUtcNow();
            var seconds = (int)Math.Ceiling((new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero) - now).TotalSeconds);
            response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        }
        return ToResponse(created, "/api/v1/partner/broadcasts");
    }

    /// <summary>The service's verdict as HTTP: 201, 400 per field, 404, 422 (nobody selected), 429 (today's broadcast is sent).</summary>
    private static IResult ToResponse(BroadcastCreation created, string basePath)
    {
        static IResult Field(string field, string message) => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
        return created.Status switch
        {
            BroadcastCreationStatus.Created => TypedResults.Created($"{basePath}/{created.BroadcastId}", new BroadcastCreatedResponse(created.BroadcastId!.Value, created.Recipients)),
            BroadcastCreationStatus.InvalidText => Field("text", created.Error!),
            BroadcastCreationStatus.InvalidAudience => Field("audience", created.Error!),
            BroadcastCreationStatus.UnknownCity => Field("cityId", created.Error!),
            BroadcastCreationStatus.InvalidCategory => Field("category", created.Error!),
            BroadcastCreationStatus.PartnerNotFound => TypedResults.Problem(created.Error, statusCode: StatusCodes.Status404NotFound),
            BroadcastCreationStatus.NoRecipients => TypedResults.Problem(created.Error, statusCode: StatusCodes.Status422UnprocessableEntity),
            BroadcastCreationStatus.AlreadySentToday => TypedResults.Problem(created.Error, statusCode: StatusCodes.Status429TooManyRequests),
            _ => TypedResults.Problem($"The broadcast was refused ({created.Status}).", statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }

    /// <summary>Newest first, keyset-paged on the id.</summary>
    private static async Task<Results<Ok<PageResponse<BroadcastResponse>>, ValidationProblem>> ListAsync(
        IQueryable<BroadcastCampaign> campaigns, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok((await campaigns.ToKeysetPageAsync(c => c.Id, descending: true, page, ct)).Map(BroadcastResponse.From));
    }

    private static async Task<Results<Ok<BroadcastResponse>, NotFound>> GetAsync(IQueryable<BroadcastCampaign> campaigns, long id, CancellationToken ct) =>
        await campaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) is { } campaign
            ? TypedResults.Ok(BroadcastResponse.From(campaign))
            : TypedResults.NotFound();
}
