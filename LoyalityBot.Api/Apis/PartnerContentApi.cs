using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Media;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Apis;

/// <summary>
/// A partner's promotions and services: list, read, create, update, deactivate, photo. Every query is filtered by the
/// caller's partner id, so another partner's content is a 404 (never a 403 that would confirm it exists). Reads are
/// on the primary: the partner expects to see the change just made. Any change sends the item back to moderation.
/// </summary>
public static class PartnerContentApi
{
    public const long MaxPhotoBytes = 5 * 1024 * 1024;
    private static readonly string[] PhotoTypes = ["image/jpeg", "image/png", "image/webp"];

    public static RouteGroupBuilder MapPartnerContent(this RouteGroupBuilder partner)
    {
        partner.MapGet("/promotions", ListPromotionsAsync);
        partner.MapGet("/promotions/{id:long}", GetPromotionAsync);
        partner.MapPost("/promotions", CreatePromotionAsync);
        partner.MapPut("/promotions/{id:long}", UpdatePromotionAsync);
        partner.MapDelete("/promotions/{id:long}", DeactivatePromotionAsync);
        partner.MapPost("/promotions/{id:long}/photo", (long id, HttpRequest request, ClaimsPrincipal user, LoyaltyDbContext db, IMediaStore media, CancellationToken ct) =>
            UploadPhotoAsync(MediaOwnerKind.Promotion, id, request, user, db, media, ct));
        partner.MapGet("/services", ListServicesAsync);
        partner.MapGet("/services/{id:long}", GetServiceAsync);
        partner.MapPost("/services", CreateServiceAsync);
        partner.MapPut("/services/{id:long}", UpdateServiceAsync);
        partner.MapDelete("/services/{id:long}", DeactivateServiceAsync);
        partner.MapPost("/services/{id:long}/photo", (long id, HttpRequest request, ClaimsPrincipal user, LoyaltyDbContext db, IMediaStore media, CancellationToken ct) =>
            UploadPhotoAsync(MediaOwnerKind.Service, id, request, user, db, media, ct));
        return partner;
    }

    private static async Task<Results<Ok<PageResponse<OwnPromotionResponse>>, ValidationProblem>> ListPromotionsAsync(
        ClaimsPrincipal user, LoyaltyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var partnerId = user.UserId();
        var promotions = await db.Promotions.Include(p => p.Services).Where(p => p.PartnerId == partnerId)
            .ToKeysetPageAsync(p => p.Id, descending: true, page, ct);
        return TypedResults.Ok(promotions.Map(Own));
    }

    private static async Task<Results<Ok<OwnPromotionResponse>, NotFound>> GetPromotionAsync(long id, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct) =>
        await OwnPromotionAsync(db, id, user.UserId(), ct) is { } promotion ? TypedResults.Ok(Own(promotion)) : TypedResults.NotFound();

    private static async Task<Results<Created<OwnPromotionResponse>, ValidationProblem>> CreatePromotionAsync(
        PromotionBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, TimeProvider time, CancellationToken ct)
    {
        var partnerId = user.UserId();
        var promotion = new Promotion { PartnerId = partnerId, Title = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        if (await ApplyAsync(promotion, body, db, partnerId, ct) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync();
        return TypedResults.Created($"/api/v1/partner/promotions/{promotion.Id}", Own(promotion));
    }

    private static async Task<Results<Ok<OwnPromotionResponse>, NotFound, ValidationProblem>> UpdatePromotionAsync(
        long id, PromotionBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, CancellationToken ct)
    {
        var partnerId = user.UserId();
        if (await OwnPromotionAsync(db, id, partnerId, ct) is not { } promotion)
        {
            return TypedResults.NotFound();
        }
        if (await ApplyAsync(promotion, body, db, partnerId, ct) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        promotion.ApprovalStatus = ModerationStatus.Pending;
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync();
        return TypedResults.Ok(Own(promotion));
    }

    /// <summary>Deactivates rather than deletes: ledger entries keep pointing at the promotion they paid for.</summary>
    private static async Task<Results<NoContent, NotFound>> DeactivatePromotionAsync(long id, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, CancellationToken ct)
    {
        var partnerId = user.UserId();
        var changed = await db.Promotions.Where(p => p.Id == id && p.PartnerId == partnerId).ExecuteUpdateAsync(p => p.SetProperty(x => x.IsActive, false), ct);
        if (changed == 0)
        {
            return TypedResults.NotFound();
        }
        await cache.InvalidateAsync();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PageResponse<OwnServiceResponse>>, ValidationProblem>> ListServicesAsync(
        ClaimsPrincipal user, LoyaltyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok((await db.PartnerServicesAsync(user.UserId(), page, ct)).Map(Own));
    }

    private static async Task<Results<Ok<OwnServiceResponse>, NotFound>> GetServiceAsync(long id, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        var partnerId = user.UserId();
        return await db.Services.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.PartnerId == partnerId, ct) is { } service
            ? TypedResults.Ok(Own(service))
            : TypedResults.NotFound();
    }

    private static async Task<Results<Created<OwnServiceResponse>, ValidationProblem>> CreateServiceAsync(
        ServiceBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, TimeProvider time, CancellationToken ct)
    {
        var service = new Service { PartnerId = user.UserId(), Title = "", Category = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        if (Apply(service, body) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync();
        return TypedResults.Created($"/api/v1/partner/services/{service.Id}", Own(service));
    }

    private static async Task<Results<Ok<OwnServiceResponse>, NotFound, ValidationProblem>> UpdateServiceAsync(
        long id, ServiceBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, CancellationToken ct)
    {
        var partnerId = user.UserId();
        if (await db.Services.SingleOrDefaultAsync(s => s.Id == id && s.PartnerId == partnerId, ct) is not { } service)
        {
            return TypedResults.NotFound();
        }
        if (Apply(service, body) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }
        service.ApprovalStatus = ModerationStatus.Pending;
        await db.SaveChangesAsync(ct);
        await cache.InvalidateAsync();
        return TypedResults.Ok(Own(service));
    }

    private static async Task<Results<NoContent, NotFound>> DeactivateServiceAsync(long id, ClaimsPrincipal user, LoyaltyDbContext db, CatalogCache cache, CancellationToken ct)
    {
        var partnerId = user.UserId();
        var changed = await db.Services.Where(s => s.Id == id && s.PartnerId == partnerId).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), ct);
        if (changed == 0)
        {
            return TypedResults.NotFound();
        }
        await cache.InvalidateAsync();
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Raw image bytes (JPEG, PNG or WebP, at most 5 MB) staged in the media store; the workers resize, store and
    /// attach them after <see cref="MediaUploadedIntegrationEvent"/>, written through the outbox.
    /// </summary>
    private static async Task<IResult> UploadPhotoAsync(
        MediaOwnerKind kind, long id, HttpRequest request, ClaimsPrincipal user, LoyaltyDbContext db, IMediaStore media, CancellationToken ct)
    {
        var partnerId = user.UserId();
        var owned = kind == MediaOwnerKind.Promotion
            ? await db.Promotions.AnyAsync(p => p.Id == id && p.PartnerId == partnerId, ct)
            : await db.Services.AnyAsync(s => s.Id == id && s.PartnerId == partnerId, ct);
        if (!owned)
        {
            return TypedResults.NotFound();
        }
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is null || !PhotoTypes.Contains(type))
        {
            return TypedResults.Problem("Send the photo as image/jpeg, image/png or image/webp.", statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > MaxPhotoBytes)
        {
            return TypedResults.Problem($"A photo may be at most {MaxPhotoBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var key = StagingKey.New();
        try
        {
            await using var limited = new LimitedReadStream(request.Body, MaxPhotoBytes);
            if (await media.PutStagedAsync(key, limited, ct) == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The photo is empty."] });
            }
        }
        catch (MediaTooLargeException)
        {
            return TypedResults.Problem($"A photo may be at most {MaxPhotoBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        await db.SaveWithEventsAsync(() => [new MediaUploadedIntegrationEvent(kind, id, partnerId, null, null, key)], ct);
        return TypedResults.Accepted((string?)null, new AcceptedResponse("The photo is being processed."));
    }

    private static Task<Promotion?> OwnPromotionAsync(LoyaltyDbContext db, long id, long partnerId, CancellationToken ct) =>
        db.Promotions.Include(p => p.Services).SingleOrDefaultAsync(p => p.Id == id && p.PartnerId == partnerId, ct);

    private static OwnPromotionResponse Own(Promotion p) =>
        new(PromotionResponse.From(p), p.ApprovalStatus, p.IsActive, [.. p.Services.Select(s => s.Id)]);

    private static OwnServiceResponse Own(Service s) => new(ServiceResponse.From(s), s.ApprovalStatus, s.IsActive);

    private static async Task<IDictionary<string, string[]>?> ApplyAsync(Promotion promotion, PromotionBody? body, LoyaltyDbContext db, long partnerId, CancellationToken ct)
    {
        var serviceIds = body?.ServiceIds?.Distinct().ToArray() ?? [];
        var services = serviceIds.Length is > 0 and <= 50
            ? await db.Services.Where(s => serviceIds.Contains(s.Id) && s.PartnerId == partnerId).ToListAsync(ct)
            : [];
        var check = new Validation()
            .Text(body?.Title, "title", 200)
            .Text(body?.Description, "description", 4000, required: false)
            .Text(body?.DiscountText, "discountText", 100, required: false)
            .Require(body?.Type is not null && Enum.IsDefined(body.Type.Value), "type", "type is Discount, PointsRedemption or Cashback.")
            .Require(body?.StartsOn is not null, "startsOn", "startsOn is required.")
            .Require(body?.EndsOn is not null && body.EndsOn >= body.StartsOn, "endsOn", "endsOn is required and not before startsOn.")
            .Require(body?.Price is >= 0 and <= 1_000_000, "price", "price must be between 0 and 1,000,000.")
            .Require(body?.Currency is null || body.Currency is { Length: 3 } c && c.All(char.IsAsciiLetter), "currency", "currency is a 3-letter ISO code.")
            .Require(body?.MaxPointsPayment is null or (>= 0 and <= 1_000_000), "maxPointsPayment", "maxPointsPayment must be between 0 and 1,000,000.")
            .Require(body?.MinTier is null || Enum.IsDefined(body.MinTier.Value), "minTier", "minTier is not a tier.")
            .Require(body?.TierVisibility is null || Enum.IsDefined(body.TierVisibility.Value), "tierVisibility", "tierVisibility is All or TierOnly.")
            .Require(serviceIds.Length <= 50 && services.Count == serviceIds.Length, "serviceIds", "serviceIds must be at most 50 of your own services.");
        if (!check.IsValid)
        {
            return check.Errors;
        }
        promotion.Title = body!.Title!.Trim();
        promotion.Description = body.Description;
        promotion.Type = body.Type!.Value;
        promotion.DiscountText = body.DiscountText;
        promotion.StartsOn = body.StartsOn!.Value;
        promotion.EndsOn = body.EndsOn!.Value;
        promotion.Price = body.Price!.Value;
        promotion.Currency = (body.Currency ?? "USD").ToUpperInvariant();
        promotion.MaxPointsPayment = body.MaxPointsPayment ?? 0;
        promotion.MinTier = body.MinTier;
        promotion.TierVisibility = body.TierVisibility ?? TierVisibility.All;
        promotion.Services = services;
        return null;
    }

    private static IDictionary<string, string[]>? Apply(Service service, ServiceBody? body)
    {
        var check = new Validation()
            .Text(body?.Title, "title", 200)
            .Text(body?.Description, "description", 4000, required: false)
            .Text(body?.Category, "category", 64)
            .Require(body?.PricePoints is >= 0 and <= 1_000_000, "pricePoints", "pricePoints must be between 0 and 1,000,000.");
        if (!check.IsValid)
        {
            return check.Errors;
        }
        service.Title = body!.Title!.Trim();
        service.Description = body.Description;
        service.Category = body.Category!.Trim();
        service.PricePoints = body.PricePoints!.Value;
        return null;
    }
}
