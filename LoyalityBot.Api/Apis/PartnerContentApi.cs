using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Content;
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
/// on the primary: the partner expects to see the change just made. Any change sends the item back to moderation;
/// <see cref="PartnerContentService"/> invalidates the client catalog after each one.
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
        partner.MapPost("/promotions/{id:long}/photo", (long id, HttpRequest request, ClaimsPrincipal user, PartnerContentService content, IMediaStore media, CancellationToken ct) =>
            UploadPhotoAsync(MediaOwnerKind.Promotion, id, request, user, content, media, ct));
        partner.MapGet("/services", ListServicesAsync);
        partner.MapGet("/services/{id:long}", GetServiceAsync);
        partner.MapPost("/services", CreateServiceAsync);
        partner.MapPut("/services/{id:long}", UpdateServiceAsync);
        partner.MapDelete("/services/{id:long}", DeactivateServiceAsync);
        partner.MapPost("/services/{id:long}/photo", (long id, HttpRequest request, ClaimsPrincipal user, PartnerContentService content, IMediaStore media, CancellationToken ct) =>
            UploadPhotoAsync(MediaOwnerKind.Service, id, request, user, content, media, ct));
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

    private static async Task<Results<Ok<OwnPromotionResponse>, NotFound>> GetPromotionAsync(long id, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct) =>
        await content.FindPromotionAsync(user.UserId(), id, ct) is { } promotion ? TypedResults.Ok(Own(promotion)) : TypedResults.NotFound();

    private static async Task<Results<Created<OwnPromotionResponse>, ValidationProblem>> CreatePromotionAsync(
        PromotionFields? body, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct)
    {
        var created = await content.CreatePromotionAsync(user.UserId(), body, ct);
        if (created.Item is not { } promotion)
        {
            return TypedResults.ValidationProblem(created.Errors!);
        }
        return TypedResults.Created($"/api/v1/partner/promotions/{promotion.Id}", Own(promotion));
    }

    private static async Task<Results<Ok<OwnPromotionResponse>, NotFound, ValidationProblem>> UpdatePromotionAsync(
        long id, PromotionFields? body, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct)
    {
        var updated = await content.UpdatePromotionAsync(user.UserId(), id, body, ct);
        if (updated.Item is not { } promotion)
        {
            return updated.Errors is { } errors ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
        }
        return TypedResults.Ok(Own(promotion));
    }

    /// <summary>Deactivates rather than deletes: ledger entries keep pointing at the promotion they paid for.</summary>
    private static Task<Results<NoContent, NotFound>> DeactivatePromotionAsync(long id, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct) =>
        DeactivateAsync(MediaOwnerKind.Promotion, id, user, content, ct);

    private static async Task<Results<Ok<PageResponse<OwnServiceResponse>>, ValidationProblem>> ListServicesAsync(
        ClaimsPrincipal user, LoyaltyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        return TypedResults.Ok((await db.PartnerServicesAsync(user.UserId(), page, ct)).Map(Own));
    }

    private static async Task<Results<Ok<OwnServiceResponse>, NotFound>> GetServiceAsync(long id, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct) =>
        await content.FindServiceAsync(user.UserId(), id, ct) is { } service ? TypedResults.Ok(Own(service)) : TypedResults.NotFound();

    private static async Task<Results<Created<OwnServiceResponse>, ValidationProblem>> CreateServiceAsync(
        ServiceFields? body, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct)
    {
        var created = await content.CreateServiceAsync(user.UserId(), body, ct);
        if (created.Item is not { } service)
        {
            return TypedResults.ValidationProblem(created.Errors!);
        }
        return TypedResults.Created($"/api/v1/partner/services/{service.Id}", Own(service));
    }

    private static async Task<Results<Ok<OwnServiceResponse>, NotFound, ValidationProblem>> UpdateServiceAsync(
        long id, ServiceFields? body, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct)
    {
        var updated = await content.UpdateServiceAsync(user.UserId(), id, body, ct);
        if (updated.Item is not { } service)
        {
            return updated.Errors is { } errors ? TypedResults.ValidationProblem(errors) : TypedResults.NotFound();
        }
        return TypedResults.Ok(Own(service));
    }

    private static Task<Results<NoContent, NotFound>> DeactivateServiceAsync(long id, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct) =>
        DeactivateAsync(MediaOwnerKind.Service, id, user, content, ct);

    private static async Task<Results<NoContent, NotFound>> DeactivateAsync(
        MediaOwnerKind kind, long id, ClaimsPrincipal user, PartnerContentService content, CancellationToken ct)
    {
        if (!await content.SetActiveAsync(kind, user.UserId(), id, active: false, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Raw image bytes (JPEG, PNG or WebP, at most 5 MB) staged in the media store; the workers resize, store and
    /// attach them after <see cref="MediaUploadedIntegrationEvent"/>, written through the outbox.
    /// </summary>
    private static async Task<IResult> UploadPhotoAsync(
        MediaOwnerKind kind, long id, HttpRequest request, ClaimsPrincipal user, PartnerContentService content, IMediaStore media, CancellationToken ct)
    {
        var partnerId = user.UserId();
        if (kind == MediaOwnerKind.Promotion ? await content.FindPromotionAsync(partnerId, id, ct) is null : await content.FindServiceAsync(partnerId, id, ct) is null)
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
        if (!await content.SubmitPhotoAsync(kind, partnerId, id, PhotoSource.Staged(key), ct))
        {
            await media.DeleteStagedAsync(key, ct);
            return TypedResults.NotFound();
        }
        return TypedResults.Accepted((string?)null, new AcceptedResponse("The photo is being processed."));
    }

    private static OwnPromotionResponse Own(Promotion p) =>
        new(PromotionResponse.From(p), p.ApprovalStatus, p.IsActive, [.. p.Services.Select(s => s.Id)]);

    private static OwnServiceResponse Own(Service s) => new(ServiceResponse.From(s), s.ApprovalStatus, s.IsActive);
}
