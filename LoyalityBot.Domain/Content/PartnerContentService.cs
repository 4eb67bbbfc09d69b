using LoyalityBot.Coordination;
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
/// Every committed change bumps the <see cref="CatalogGeneration"/>, so the Mini App catalog shows it at once.
/// </summary>
public sealed class PartnerContentService(LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time)
{
    public Task<Promotion?> FindPromotionAsync(long partnerId, long id, CancellationToken ct) =>
        db.Promotions.Include(p => p.Services).SingleOrDefaultAsync(p => p.Id == id && p.PartnerId == partnerId, ct);

    public Task<Service?> FindServiceAsync(long partnerId, long id, CancellationToken ct) =>
        db.Services.SingleOrDefaultAsync(s => s.Id == id && s.PartnerId == partnerId, ct);

    public Task<ContentChange<Promotion>> CreatePromotionAsync(long partnerId, PromotionFields? fields, CancellationToken ct) =>
        SaveAsync(() => Task.FromResult<Promotion?>(new Promotion { PartnerId = partnerId, Title = "", CreatedAt = time.GetUtcNow().UtcDateTime }),
            promotion => ApplyAsync(promotion, fields, partnerId, ct), ct);

    public Task<ContentChange<Promotion>> UpdatePromotionAsync(long partnerId, long id, PromotionFields? fields, CancellationToken ct) =>
        SaveAsync(() => FindPromotionAsync(partnerId, id, ct), promotion => ApplyAsync(promotion, fields, partnerId, ct), ct);

    public Task<ContentChange<Service>> CreateServiceAsync(long partnerId, ServiceFields? fields, CancellationToken ct) =>
        SaveAsync(() => Task.FromResult<Service?>(new Service { PartnerId = partnerId, Title = "", Category = "", CreatedAt = time.GetUtcNow().UtcDateTime }),
            service => Task.FromResult(Apply(service, fields)), ct);

    public Task<ContentChange<Service>> UpdateServiceAsync(long partnerId, long id, ServiceFields? fields, CancellationToken ct) =>
        SaveAsync(() => FindServiceAsync(partnerId, id, ct), service => Task.FromResult(Apply(service, fields)), ct);

    /// <summary>Shows or hides an item from clients (moderation is untouched); false when the partner has no such item.</summary>
    public async Task<bool> SetActiveAsync(MediaOwnerKind kind, long partnerId, long id, bool active, CancellationToken ct)
    {
        if (await FindAsync(kind, partnerId, id, ct) is not { } item)
        {
            return false;
        }
        item.IsActive = active;
        await db.SaveChangesAsync(ct);
        await catalog.BumpAsync();
        return true;
    }

    /// <summary>
    /// Deletes an item (a service's links to promotions go with it). A promotion that clients paid for stays, because
    /// the ledger points at it, but is deactivated.
    /// </summary>
    public async Task<ContentDeletion> DeleteAsync(MediaOwnerKind kind, long partnerId, long id, CancellationToken ct)
    {
        if (kind == MediaOwnerKind.Promotion && await db.LedgerEntries.AnyAsync(e => e.PromotionId == id && e.PartnerId == partnerId, ct))
        {
            return await SetActiveAsync(kind, partnerId, id, active: false, ct) ? ContentDeletion.Deactivated : ContentDeletion.NotFound;
        }
        var deleted = kind == MediaOwnerKind.Service
            ? await db.Services.Where(s => s.Id == id && s.PartnerId == partnerId).ExecuteDeleteAsync(ct)
            : await db.Promotions.Where(p => p.Id == id && p.PartnerId == partnerId).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            return ContentDeletion.NotFound;
        }
        await catalog.BumpAsync();
        return ContentDeletion.Deleted;
    }

    /// <summary>
    /// Hands a photo of the partner's own item to the workers (they fetch, validate, resize and attach it): either a
    /// file the partner sent a bot, or bytes staged in the media store. A new photo is a change, so the item goes back
    /// to moderation with it (and out of the catalog). False when the partner has no such item.
    /// </summary>
    public async Task<bool> SubmitPhotoAsync(MediaOwnerKind kind, long partnerId, long id, PhotoSource source, CancellationToken ct)
    {
        if (await FindAsync(kind, partnerId, id, ct) is not { } item)
        {
            return false;
        }
        item.ApprovalStatus = ModerationStatus.Pending;
        // The status and the event commit together.
        await db.SaveWithEventsAsync(ct, new MediaUploadedIntegrationEvent(kind, id, partnerId, source.TelegramBot, source.TelegramFileId, source.StagedKey));
        await catalog.BumpAsync();
        return true;
    }

    /// <summary>
    /// The one save path of creates and updates: find (or make) the item, apply the fields, and either answer the
    /// validation errors or send the item (back) to moderation, save it and invalidate the catalog.
    /// </summary>
    private async Task<ContentChange<T>> SaveAsync<T>(Func<Task<T?>> find, Func<T, Task<IDictionary<string, string[]>?>> apply, CancellationToken ct)
        where T : class, IModeratedContent
    {
        if (await find() is not { } item)
        {
            return ContentChange<T>.NotFound;
        }
        if (await apply(item) is { } errors)
        {
            return new(null, errors);
        }
        item.ApprovalStatus = ModerationStatus.Pending;
        if (db.Entry(item).State == EntityState.Detached)
        {
            db.Add(item);
        }
        await db.SaveChangesAsync(ct);
        await catalog.BumpAsync();
        return new(item, null);
    }

    /// <summary>
    /// The partner's item, loaded tracked, so whoever reads it again in this scope sees a change once saved; null when
    /// the partner has no such item.
    /// </summary>
    private async Task<IModeratedContent?> FindAsync(MediaOwnerKind kind, long partnerId, long id, CancellationToken ct) => kind switch
    {
        MediaOwnerKind.Promotion => await FindPromotionAsync(partnerId, id, ct),
        MediaOwnerKind.Service => await FindServiceAsync(partnerId, id, ct),
        _ => null,
    };

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
