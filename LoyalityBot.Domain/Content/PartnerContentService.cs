using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Content;

/// <summary>
/// A partner's promotions and services, for the API and the partner bot alike: every call is scoped to the partner
/// (another partner's item is "not found"), every change is validated by <see cref="ContentRules"/>, and any edit
/// sends the item back to moderation (Pending), as the domain rules say. Photos go to the workers through the outbox.
/// </summary>
public sealed class PartnerContentService(LoyaltyDbContext db, TimeProvider time)
{
    public Task<Promotion?> FindPromotionAsync(long partnerId, long id, CancellationToken ct) =>
        db.Promotions.Include(p => p.Services).SingleOrDefaultAsync(p => p.Id == id && p.PartnerId == partnerId, ct);

    public Task<Service?> FindServiceAsync(long partnerId, long id, CancellationToken ct) =>
        db.Services.SingleOrDefaultAsync(s => s.Id == id && s.PartnerId == partnerId, ct);

    public async Task<ContentChange<Promotion>> CreatePromotionAsync(long partnerId, PromotionFields? fields, CancellationToken ct)
    {
        var promotion = new Promotion { PartnerId = partnerId, Title = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        if (await ApplyAsync(promotion, fields, partnerId, ct) is { } errors)
        {
            return new(null, errors);
        }
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync(ct);
        return new(promotion, null);
    }

    public async Task<ContentChange<Promotion>> UpdatePromotionAsync(long partnerId, long id, PromotionFields? fields, CancellationToken ct)
    {
        if (await FindPromotionAsync(partnerId, id, ct) is not { } promotion)
        {
            return ContentChange<Promotion>.NotFound;
        }
        if (await ApplyAsync(promotion, fields, partnerId, ct) is { } errors)
        {
            return new(null, errors);
        }
        promotion.ApprovalStatus = ModerationStatus.Pending;
        await db.SaveChangesAsync(ct);
        return new(promotion, null);
    }

    public async Task<ContentChange<Service>> CreateServiceAsync(long partnerId, ServiceFields? fields, CancellationToken ct)
    {
        var service = new Service { PartnerId = partnerId, Title = "", Category = "", CreatedAt = time.GetUtcNow().UtcDateTime };
        if (Apply(service, fields) is { } errors)
        {
            return new(null, errors);
        }
        db.Services.Add(service);
        await db.SaveChangesAsync(ct);
        return new(service, null);
    }

    public async Task<ContentChange<Service>> UpdateServiceAsync(long partnerId, long id, ServiceFields? fields, CancellationToken ct)
    {
        if (await FindServiceAsync(partnerId, id, ct) is not { } service)
        {
            return ContentChange<Service>.NotFound;
        }
        if (Apply(service, fields) is { } errors)
        {
            return new(null, errors);
        }
        service.ApprovalStatus = ModerationStatus.Pending;
        await db.SaveChangesAsync(ct);
        return new(service, null);
    }

    /// <summary>Shows or hides an item from clients (moderation is untouched); false when the partner has no such item.</summary>
    public async Task<bool> SetActiveAsync(MediaOwnerKind kind, long partnerId, long id, bool active, CancellationToken ct)
    {
        if (!await ChangeAsync(kind, partnerId, id, p => p.IsActive = active, s => s.IsActive = active, ct))
        {
            return false;
        }
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Deletes an item (a service's links to promotions go with it). A promotion that clients paid for stays, because
    /// the ledger points at it, but is deactivated.
    /// </summary>
    public async Task<ContentDeletion> DeleteAsync(MediaOwnerKind kind, long partnerId, long id, CancellationToken ct)
    {
        if (kind == MediaOwnerKind.Service)
        {
            return await db.Services.Where(s => s.Id == id && s.PartnerId == partnerId).ExecuteDeleteAsync(ct) > 0 ? ContentDeletion.Deleted : ContentDeletion.NotFound;
        }
        if (await db.LedgerEntries.AnyAsync(e => e.PromotionId == id && e.PartnerId == partnerId, ct))
        {
            return await SetActiveAsync(kind, partnerId, id, active: false, ct) ? ContentDeletion.Deactivated : ContentDeletion.NotFound;
        }
        return await db.Promotions.Where(p => p.Id == id && p.PartnerId == partnerId).ExecuteDeleteAsync(ct) > 0 ? ContentDeletion.Deleted : ContentDeletion.NotFound;
    }

    /// <summary>
    /// Hands a photo of the partner's own item to the workers (they fetch, validate, resize and attach it): either a
    /// file the partner sent a bot, or bytes staged in the media store. A new photo is a change, so the item goes back
    /// to moderation with it. False when the partner has no such item.
    /// </summary>
    public async Task<bool> SubmitPhotoAsync(MediaOwnerKind kind, long partnerId, long id, PhotoSource source, CancellationToken ct)
    {
        if (!await ChangeAsync(kind, partnerId, id, p => p.ApprovalStatus = ModerationStatus.Pending, s => s.ApprovalStatus = ModerationStatus.Pending, ct))
        {
            return false;
        }
        // The status and the event commit together.
        await db.SaveWithEventsAsync(ct, new MediaUploadedIntegrationEvent(kind, id, partnerId, source.TelegramBot, source.TelegramFileId, source.StagedKey));
        return true;
    }

    /// <summary>
    /// Applies a change to the partner's item, loaded tracked, so whoever reads it again in this scope sees the change
    /// once saved; false when the partner has no such item.
    /// </summary>
    private async Task<bool> ChangeAsync(MediaOwnerKind kind, long partnerId, long id, Action<Promotion> promotion, Action<Service> service, CancellationToken ct)
    {
        if (kind == MediaOwnerKind.Promotion && await FindPromotionAsync(partnerId, id, ct) is { } p)
        {
            promotion(p);
        }
        else if (kind == MediaOwnerKind.Service && await FindServiceAsync(partnerId, id, ct) is { } s)
        {
            service(s);
        }
        else
        {
            return false;
        }
        return true;
    }

    private async Task<IDictionary<string, string[]>?> ApplyAsync(Promotion promotion, PromotionFields? body, long partnerId, CancellationToken ct)
    {
        var serviceIds = body?.ServiceIds?.Distinct().ToArray() ?? [];
        var services = serviceIds.Length is > 0 and <= ContentRules.MaxServices
            ? await db.Services.Where(s => serviceIds.Contains(s.Id) && s.PartnerId == partnerId).ToListAsync(ct)
            : [];
        var check = new Validation()
            .Text(body?.Title, "title", ContentRules.TitleMaxLength)
            .Text(body?.Description, "description", ContentRules.DescriptionMaxLength, required: false)
            .Text(body?.DiscountText, "discountText", ContentRules.DiscountTextMaxLength, required: false)
            .Require(body?.Type is not null && Enum.IsDefined(body.Type.Value), "type", "type is Discount, PointsRedemption or Cashback.")
            .Require(body?.StartsOn is not null, "startsOn", "startsOn is required.")
            .Require(body?.EndsOn is not null && body.EndsOn >= body.StartsOn, "endsOn", "endsOn is required and not before startsOn.")
            .Require(ContentRules.IsPrice(body?.Price), "price", "price must be between 0 and 1,000,000.")
            .Require(ContentRules.IsCurrency(body?.Currency), "currency", "currency is a 3-letter ISO code.")
            .Require(body?.MaxPointsPayment is null || ContentRules.IsPoints(body.MaxPointsPayment), "maxPointsPayment", "maxPointsPayment must be between 0 and 1,000,000.")
            .Require(body?.MinTier is null || Enum.IsDefined(body.MinTier.Value), "minTier", "minTier is not a tier.")
            .Require(body?.TierVisibility is null || Enum.IsDefined(body.TierVisibility.Value), "tierVisibility", "tierVisibility is All or TierOnly.")
            .Require(serviceIds.Length <= ContentRules.MaxServices && services.Count == serviceIds.Length, "serviceIds", "serviceIds must be at most 50 of your own services.");
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

    private static IDictionary<string, string[]>? Apply(Service service, ServiceFields? body)
    {
        var check = new Validation()
            .Text(body?.Title, "title", ContentRules.TitleMaxLength)
            .Text(body?.Description, "description", ContentRules.DescriptionMaxLength, required: false)
            .Text(body?.Category, "category", ContentRules.CategoryMaxLength)
            .Require(ContentRules.IsPoints(body?.PricePoints), "pricePoints", "pricePoints must be between 0 and 1,000,000.");
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
