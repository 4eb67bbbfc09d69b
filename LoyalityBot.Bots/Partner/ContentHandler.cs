using System.Globalization;
using LoyalityBot.Bots.Client;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Content;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Messaging.IntegrationEvents;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// The partner's promotions (<c>/promotions</c>) and services (<c>/services</c>): a keyset-paged list with each item's
/// moderation status (<c>cl:&lt;kind&gt;:&lt;cursor&gt;</c>), an item's card (<c>cv:</c>), show/hide (<c>ca:</c>), delete
/// with confirmation (<c>cd:</c> then <c>cdy:</c>) and the edit menu (<c>ce:</c>; the fields are edited by
/// <see cref="ContentFormHandler"/>). Every id in a callback is checked against the pressing partner.
/// </summary>
internal sealed class ContentHandler(PartnerSession session, LoyaltyDbContext db, PartnerContentService content) : IUpdateHandler
{
    public const int PageSize = 5;

    private static readonly string[] PromotionFieldsToEdit = ["title", "description", "price", "type", "starts", "ends", "maxpoints", "tier", "photo"];
    private static readonly string[] ServiceFieldsToEdit = ["title", "description", "category", "points", "photo"];

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (PartnerBot.Asks(update, "promotions", "partner.menu.promotions"))
        {
            await ListAsync(update, partner.Id, MediaOwnerKind.Promotion, PageRequest.First(PageSize), cancellationToken);
            return true;
        }
        if (PartnerBot.Asks(update, "services", "partner.menu.services"))
        {
            await ListAsync(update, partner.Id, MediaOwnerKind.Service, PageRequest.First(PageSize), cancellationToken);
            return true;
        }
        var data = update.CallbackData;
        string[] parts;
        if (CallbackData.TryParse(data, "cl", out parts))
        {
            if (parts is not [var code, var cursor] || !ContentKinds.TryParse(code, out var kind) || !PageCursor.TryDecode(cursor, out _))
            {
                await RefuseAsync(update, "stale", cancellationToken);
                return true;
            }
            await ListAsync(update, partner.Id, kind, PageRequest.Parse(cursor, PageSize), cancellationToken);
            return true;
        }
        var action = new[] { "cv", "ca", "cd", "cdy", "ce", "cb" }.FirstOrDefault(prefix => CallbackData.TryParse(data, prefix, out parts));
        if (action is null)
        {
            return false;
        }
        if (parts is not [var kindCode, var idText] || !ContentKinds.TryParse(kindCode, out var itemKind) || !CallbackData.TryId(idText, out var id))
        {
            await RefuseAsync(update, "stale", cancellationToken);
            return true;
        }
        await ActAsync(update, action, partner.Id, itemKind, id, cancellationToken);
        return true;
    }

    private async Task ActAsync(BotUpdate update, string action, long partnerId, MediaOwnerKind kind, long id, CancellationToken cancellationToken)
    {
        if (action == "cb")
        {
            // Back to the list: also after a delete, when the item is gone.
            await ListAsync(update, partnerId, kind, PageRequest.First(PageSize), cancellationToken);
            return;
        }
        var item = await LoadAsync(partnerId, kind, id, cancellationToken);
        if (item is null)
        {
            await RefuseAsync(update, "content.notfound", cancellationToken);
            return;
        }
        var code = ContentKinds.Code(kind);
        switch (action)
        {
            case "ca":
                await content.SetActiveAsync(kind, partnerId, id, !item.IsActive, cancellationToken);
                await update.AnswerCallbackAsync(update.T($"content.toggled.{!item.IsActive}"), cancellationToken);
                await ShowAsync(update, await LoadAsync(partnerId, kind, id, cancellationToken) ?? item, cancellationToken);
                break;
            case "cd":
                await update.ShowAsync(update.T("content.delete.ask", item.Title), Keyboards.Inline(
                    [(update.T("content.btn.delete"), $"cdy:{code}:{id}"), (update.T("btn.cancel"), $"cv:{code}:{id}")]), cancellationToken);
                break;
            case "cdy":
                var deleted = await content.DeleteAsync(kind, partnerId, id, cancellationToken);
                await update.ShowAsync(update.T(deleted == ContentDeletion.Deactivated ? "content.deactivated" : "content.deleted"),
                    Keyboards.Inline([(update.T("content.btn.back"), $"cb:{code}:{id}")]), cancellationToken);
                break;
            case "ce":
                var fields = kind == MediaOwnerKind.Promotion ? PromotionFieldsToEdit : ServiceFieldsToEdit;
                await update.ShowAsync(update.T("content.edit.choose"), Keyboards.Inline([.. fields.Chunk(3)
                    .Select(row => row.Select(field => (update.T($"content.field.{field}"), $"cef:{code}:{id}:{field}")).ToArray())]), cancellationToken);
                break;
            default:
                await ShowAsync(update, item, cancellationToken);
                break;
        }
    }

    /// <summary>A stale or forged button is told in a message: a toast is easy to miss.</summary>
    private static async Task RefuseAsync(BotUpdate update, string key, CancellationToken cancellationToken)
    {
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await update.ReplyAsync(update.T(key), cancellationToken: cancellationToken);
    }

    private async Task<ContentItem?> LoadAsync(long partnerId, MediaOwnerKind kind, long id, CancellationToken cancellationToken) =>
        kind == MediaOwnerKind.Promotion
            ? await content.FindPromotionAsync(partnerId, id, cancellationToken) is { } p ? ContentItem.Of(p) : null
            : await content.FindServiceAsync(partnerId, id, cancellationToken) is { } s ? ContentItem.Of(s) : null;

    private async Task ListAsync(BotUpdate update, long partnerId, MediaOwnerKind kind, PageRequest request, CancellationToken cancellationToken)
    {
        var code = ContentKinds.Code(kind);
        List<ContentItem> items;
        string? next;
        if (kind == MediaOwnerKind.Promotion)
        {
            var page = await db.PartnerPromotionsAsync(partnerId, request, cancellationToken);
            (items, next) = ([.. page.Items.Select(ContentItem.Of)], page.NextCursor);
        }
        else
        {
            var page = await db.PartnerServicesAsync(partnerId, request, cancellationToken);
            (items, next) = ([.. page.Items.Select(ContentItem.Of)], page.NextCursor);
        }
        var rows = Keyboards.PagedRows(update, items, item => (Row(update, item), $"cv:{code}:{item.Id}"), next is null ? null : $"cl:{code}:{next}");
        rows.Add([(update.T($"content.{code}.new"), $"cn:{code}")]);
        var title = items.Count == 0 && request.After is null ? $"content.{code}.empty" : $"content.{code}.title";
        await update.ShowAsync(update.T(title), Keyboards.Inline([.. rows]), cancellationToken);
    }

    private static string Row(BotUpdate update, ContentItem item) =>
        $"{(item.IsActive ? "🟢" : "⚪")} {RegistrationHandler.Truncate(item.Title, 40)} · {update.T($"content.status.{item.Status}")}";

    private static Task ShowAsync(BotUpdate update, ContentItem item, CancellationToken cancellationToken)
    {
        var code = ContentKinds.Code(item.Kind);
        InlineKeyboardMarkup buttons = Keyboards.Inline(
            [(update.T("content.btn.edit"), $"ce:{code}:{item.Id}"), (update.T(item.IsActive ? "content.btn.hide" : "content.btn.show"), $"ca:{code}:{item.Id}")],
            [(update.T("content.btn.delete"), $"cd:{code}:{item.Id}"), (update.T("content.btn.back"), $"cb:{code}:{item.Id}")]);
        return update.ShowAsync(item.Describe(update), buttons, cancellationToken);
    }

    /// <summary>What the list and the card show of a promotion or a service.</summary>
    private sealed record ContentItem(MediaOwnerKind Kind, long Id, string Title, bool IsActive, ModerationStatus Status, Func<BotUpdate, string> Describe)
    {
        public static ContentItem Of(Promotion p) => new(MediaOwnerKind.Promotion, p.Id, p.Title, p.IsActive, p.ApprovalStatus, update => update.T("content.p.view",
            p.Id, p.Title, p.Description ?? "", update.T($"type.{p.Type}"), p.Price.ToString("0.##", CultureInfo.InvariantCulture), p.Currency, p.MaxPointsPayment,
            p.StartsOn.ToString(ContentForm.DateFormat, CultureInfo.InvariantCulture), p.EndsOn.ToString(ContentForm.DateFormat, CultureInfo.InvariantCulture),
            p.MinTier is { } tier ? update.T($"tier.{tier}") : update.T("content.tier.none"), Photo(update, p.ImageHash),
            update.T($"content.status.{p.ApprovalStatus}"), update.T($"content.active.{p.IsActive}")));

        public static ContentItem Of(Service s) => new(MediaOwnerKind.Service, s.Id, s.Title, s.IsActive, s.ApprovalStatus, update => update.T("content.s.view",
            s.Id, s.Title, s.Description ?? "", s.Category, s.PricePoints, Photo(update, s.ImageHash),
            update.T($"content.status.{s.ApprovalStatus}"), update.T($"content.active.{s.IsActive}")));

        private static string Photo(BotUpdate update, string? hash) => update.T(hash is null ? "content.photo.no" : "content.photo.yes");
    }
}
