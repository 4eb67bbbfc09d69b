using System.Globalization;
using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Cards;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Messages;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Payments;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Apis;

/// <summary>The Mini App's endpoints, for a signed-in registered client; everything is scoped to the caller.</summary>
public static class ClientApi
{
    public static RouteGroupBuilder MapClientApi(this RouteGroupBuilder api)
    {
        var client = api.MapGroup("/client").WithTags("Client").RequireAuthorization(RoleNames.Client);
        client.MapGet("/me", GetProfileAsync);
        client.MapGet("/me/history", GetHistoryAsync);
        client.MapGet("/me/card.png", GetCard);
        client.MapGet("/me/referrals", GetReferralsAsync);
        client.MapPost("/me/export", RequestExportAsync);
        client.MapGet("/promotions", GetPromotionsAsync);
        client.MapGet("/promotions/{id:long}", GetPromotionAsync);
        client.MapPost("/promotions/{id:long}/payment-token", CreatePaymentTokenAsync);
        client.MapGet("/services", GetServicesAsync);
        client.MapGet("/partners", GetPartnersAsync);
        client.MapPost("/partners/{id:long}/messages", SendMessageAsync);
        client.MapPost("/nps", RateAsync);
        return api;
    }

    /// <summary>Profile, balance, tier and progress; on the primary, so a balance right after an accrual is current.</summary>
    private static async Task<Results<Ok<ProfileResponse>, NotFound>> GetProfileAsync(ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        var id = user.UserId();
        var row = await db.Clients.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Name, c.CityId, c.Language, c.ReferralCode, c.Account }).SingleOrDefaultAsync(ct);
        if (row?.Account is not { } account)
        {
            return TypedResults.NotFound();
        }
        var tier = Tiers.ForLifetimeEarned(account.LifetimeEarned);
        Tier? next = tier == Tier.Diamond ? null : tier + 1;
        var toNext = next is { } n ? Math.Max(0, Tiers.Threshold(n) - account.LifetimeEarned) : 0;
        return TypedResults.Ok(new ProfileResponse(id, row.Name, row.CityId, row.Language, row.ReferralCode,
            account.Balance, account.LifetimeEarned, tier, next, toNext));
    }

    /// <summary>The caller's ledger, newest first; on the primary (it must show the operation just made).</summary>
    private static async Task<Results<Ok<PageResponse<HistoryEntryResponse>>, ValidationProblem>> GetHistoryAsync(
        ClaimsPrincipal user, LoyaltyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var entries = await db.ClientHistoryAsync(user.UserId(), page, ct);
        return TypedResults.Ok(entries.Map(e => new HistoryEntryResponse(
            e.Id, e.Kind, e.Amount, e.BalanceAfter, e.PartnerId, e.PromotionId, e.PurchaseAmount, e.PurchaseCurrency, e.CreatedAt)));
    }

    /// <summary>The client card: a QR of <c>CLIENT_ID:&lt;id&gt;</c>, the code partners scan.</summary>
    private static FileContentHttpResult GetCard(ClaimsPrincipal user, HttpContext context)
    {
        context.Response.Headers.CacheControl = "private, max-age=86400";
        return TypedResults.File(QrCodePng.Render("CLIENT_ID:" + user.UserId().ToString(CultureInfo.InvariantCulture)), "image/png");
    }

    /// <summary>The code from the primary (a client who registered a moment ago may not be on a replica yet), counts from the replicas.</summary>
    private static async Task<Ok<ReferralResponse>> GetReferralsAsync(
        ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, LoyaltyDbContext primary, BotLinks links, CancellationToken ct)
    {
        var id = user.UserId();
        var code = await primary.Clients.Where(c => c.Id == id).Select(c => c.ReferralCode).SingleAsync(ct);
        var levels = await db.ReferralLinks.Where(l => l.ReferrerId == id).GroupBy(l => l.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() }).ToListAsync(ct);
        var earned = await db.LedgerEntries.Where(e => e.ClientId == id && (e.Kind == LedgerEntryKind.ReferralRewardL1
                || e.Kind == LedgerEntryKind.ReferralRewardL2 || e.Kind == LedgerEntryKind.ReferralRewardL3 || e.Kind == LedgerEntryKind.Achievement))
            .SumAsync(e => (long?)e.Amount, ct) ?? 0;
        int Count(short level) => levels.SingleOrDefault(l => l.Level == level)?.Count ?? 0;
        return TypedResults.Ok(new ReferralResponse(code, links.Referral(code), Count(1), Count(2), Count(3), earned));
    }

    /// <summary>The client's own data, as JSON sent by the client bot (the workers build it).</summary>
    private static async Task<Accepted<AcceptedResponse>> RequestExportAsync(ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        var id = user.UserId();
        await db.SaveWithEventsAsync(() => [new ExportRequestedIntegrationEvent(ExportKind.ClientDataJson, "client", id, null, id)], ct);
        return TypedResults.Accepted((string?)null, new AcceptedResponse("The export will arrive in the client bot."));
    }

    /// <summary>Published promotions for the client's tier, in a city (default: the client's) and partner category; cached.</summary>
    private static async Task<Results<Ok<PageResponse<PromotionResponse>>, ValidationProblem>> GetPromotionsAsync(
        ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, CatalogCache cache, TimeProvider time,
        int? cityId, string? category, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors) || !ValidCategory(category, errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var id = user.UserId();
        // A client the replica does not have yet (registered a moment ago) sees the Bronze catalog of the city asked for.
        var me = await db.Clients.Where(c => c.Id == id).Select(c => new { c.CityId, Earned = c.Account!.LifetimeEarned }).SingleOrDefaultAsync(ct);
        var tier = Tiers.ForLifetimeEarned(me?.Earned ?? 0);
        var city = cityId ?? me?.CityId;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var result = await cache.GetOrCreateAsync($"promotions:{today:yyyyMMdd}:{city}:{tier}:{category}:{cursor}:{page.Size}", async () =>
            (await db.CatalogPromotionsAsync(today, tier, city, category, page, ct)).Map(PromotionResponse.From));
        return TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<PromotionDetailResponse>, NotFound>> GetPromotionAsync(
        long id, ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (promotion, tier) = await VisiblePromotionAsync(db, id, user.UserId(), time, ct);
        if (promotion is null)
        {
            return TypedResults.NotFound();
        }
        var services = await db.Services.Where(s => s.Promotions.Any(p => p.Id == id) && s.IsActive && s.ApprovalStatus == ModerationStatus.Approved)
            .OrderBy(s => s.Id).Take(100).ToListAsync(ct);
        var canPay = promotion.MaxPointsPayment > 0 && (promotion.MinTier is null || promotion.MinTier <= tier);
        return TypedResults.Ok(new PromotionDetailResponse(PromotionResponse.From(promotion), [.. services.Select(ServiceResponse.From)], canPay));
    }

    /// <summary>
    /// Pay-with-points: a signed, short-lived token (and the partner bot link carrying it) that the partner confirms.
    /// Nothing is deducted now; the balance is checked on the primary so the offer is one the client can honour.
    /// </summary>
    private static async Task<Results<Ok<PaymentTokenResponse>, NotFound, ValidationProblem>> CreatePaymentTokenAsync(
        long id, PaymentTokenRequest? request, ClaimsPrincipal user, LoyaltyReadOnlyDbContext replica, LoyaltyDbContext db,
        PaymentTokenCodec codec, BotLinks links, TimeProvider time, CancellationToken ct)
    {
        var clientId = user.UserId();
        var (promotion, tier) = await VisiblePromotionAsync(replica, id, clientId, time, ct);
        if (promotion is null)
        {
            return TypedResults.NotFound();
        }
        var balance = await ClientBalance.ReadAsync(db, clientId, ct);
        var points = request?.Points ?? 0;
        var check = new Validation()
            .Require(points > 0, "points", "points must be a positive whole number.")
            .Require(promotion.MinTier is null || promotion.MinTier <= tier, "points", "Your tier cannot pay for this promotion with points yet.")
            .Require(PromotionPayment.Split(promotion.Price, promotion.MaxPointsPayment, promotion.PointValue, points) is not null,
                "points", $"points must be at most {promotion.MaxPointsPayment} and cover no more than the price.")
            .Require(balance is not null && balance.Balance >= points, "points", "Your balance is too low.");
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        var token = codec.Issue(clientId, id, points);
        return TypedResults.Ok(new PaymentTokenResponse(token, links.Payment(token), points, time.GetUtcNow().Add(codec.Lifetime)));
    }

    private static async Task<Results<Ok<PageResponse<ServiceResponse>>, ValidationProblem>> GetServicesAsync(
        LoyaltyReadOnlyDbContext db, CatalogCache cache, int? cityId, string? category, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors) || !ValidCategory(category, errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await cache.GetOrCreateAsync($"services:{cityId}:{category}:{cursor}:{page.Size}", async () =>
            (await db.CatalogServicesAsync(cityId, category, page, ct)).Map(ServiceResponse.From));
        return TypedResults.Ok(result);
    }

    /// <summary>Active partners of a city (default: the client's) and category.</summary>
    private static async Task<Results<Ok<PageResponse<PartnerCardResponse>>, ValidationProblem>> GetPartnersAsync(
        ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, CatalogCache cache, int? cityId, string? category, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors) || !ValidCategory(category, errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var id = user.UserId();
        if ((cityId ?? await db.Clients.Where(c => c.Id == id).Select(c => c.CityId).SingleOrDefaultAsync(ct)) is not { } city)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cityId"] = ["cityId is required until you choose a city."] });
        }
        var result = await cache.GetOrCreateAsync($"partners:{city}:{category}:{cursor}:{page.Size}", async () =>
            (await db.PartnersInCityAsync(city, category, page, ct)).Map(PartnerCardResponse.From));
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// A message to a partner that accepts them (at most 3 an hour), delivered through the partner bot by the workers.
    /// </summary>
    private static async Task<Results<Created<CreatedResponse>, NotFound, ValidationProblem, ProblemHttpResult>> SendMessageAsync(
        long id, MessageRequest? request, ClaimsPrincipal user, ClientMessageService messages, HttpContext context, CancellationToken ct)
    {
        var result = await messages.SendFromClientAsync(user.UserId(), id, request?.Text, ct);
        switch (result.Status)
        {
            case ClientMessageStatus.Sent:
                return TypedResults.Created($"/api/v1/client/partners/{id}/messages/{result.MessageId}", new CreatedResponse(result.MessageId!.Value));
            case ClientMessageStatus.PartnerNotFound:
                return TypedResults.NotFound();
            case ClientMessageStatus.PartnerClosed:
                return TypedResults.Problem("This partner does not accept messages.", statusCode: StatusCodes.Status403Forbidden);
            case ClientMessageStatus.RateLimited:
                var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem($"At most 3 messages an hour; try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests);
            default:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"text is required and at most {ClientMessageService.MaxTextLength} characters."] });
        }
    }

    /// <summary>A 0–10 rating of a partner (or of the service itself without a partner).</summary>
    private static async Task<Results<Created<CreatedResponse>, NotFound, ValidationProblem>> RateAsync(
        NpsRequest? request, ClaimsPrincipal user, LoyaltyDbContext db, TimeProvider time, CancellationToken ct)
    {
        var check = new Validation()
            .Require(request?.Rating is >= 0 and <= 10, "rating", "rating must be a whole number from 0 to 10.")
            .Text(request?.Feedback, "feedback", 1000, required: false);
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        if (request!.PartnerId is { } partnerId && !await db.Partners.AnyAsync(p => p.Id == partnerId, ct))
        {
            return TypedResults.NotFound();
        }
        var rating = new NpsRating
        {
            ClientId = user.UserId(), PartnerId = request.PartnerId, Rating = (short)request.Rating!.Value,
            Feedback = string.IsNullOrWhiteSpace(request.Feedback) ? null : request.Feedback.Trim(), CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.NpsRatings.Add(rating);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/client/nps/{rating.Id}", new CreatedResponse(rating.Id));
    }

    private static bool ValidCategory(string? category, Dictionary<string, string[]> errors)
    {
        if (category is { Length: 0 or > 64 })
        {
            errors["category"] = ["category must be 1 to 64 characters."];
        }
        return errors.Count == 0;
    }

    /// <summary>A published, current promotion the client's tier may see, with that tier; null promotion otherwise.</summary>
    private static async Task<(Promotion? Promotion, Tier Tier)> VisiblePromotionAsync(
        LoyaltyReadOnlyDbContext db, long id, long clientId, TimeProvider time, CancellationToken ct)
    {
        var earned = await db.PointAccounts.Where(a => a.ClientId == clientId).Select(a => a.LifetimeEarned).SingleOrDefaultAsync(ct);
        var tier = Tiers.ForLifetimeEarned(earned);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var promotion = await db.Promotions.SingleOrDefaultAsync(p => p.Id == id && p.ApprovalStatus == ModerationStatus.Approved && p.IsActive
            && p.StartsOn <= today && p.EndsOn >= today, ct);
        var visible = promotion is not null && (promotion.TierVisibility == TierVisibility.All || promotion.MinTier is null || promotion.MinTier <= tier);
        return (visible ? promotion : null, tier);
    }
}
