using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;
using LoyalityBot.Domain.Cards;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Payments;
using LoyalityBot.Domain.Queries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// Published promotions for the client's city and tier, five a page (<c>pr:&lt;cursor&gt;</c>), each opened with
/// <c>pv:&lt;id&gt;</c>; <c>pp:&lt;id&gt;</c> pays with points: a QR of a signed, short-lived <c>pay_&lt;token&gt;</c>
/// partner-bot deep link that the partner confirms.
/// </summary>
internal sealed class PromotionsHandler(
    ClientSession session, LoyaltyReadOnlyDbContext catalog, LoyaltyDbContext db, PaymentTokenCodec tokens,
    IOptions<BotsOptions> options, TimeProvider time) : IUpdateHandler
{
    public const int PageSize = 5;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (ClientBot.Asks(update, "promotions", "client.menu.promotions"))
        {
            await ListAsync(update, client, PageRequest.First(PageSize), cancellationToken);
            return true;
        }
        if (CallbackData.TryParsePage(update.CallbackData, "pr", PageSize, out var page))
        {
            if (page is null)
            {
                await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
                return true;
            }
            await ListAsync(update, client, page, cancellationToken);
            return true;
        }
        var view = CallbackData.TryParse(update.CallbackData, "pv", out var viewed);
        if (!view && !CallbackData.TryParse(update.CallbackData, "pp", out viewed))
        {
            return false;
        }
        if (viewed is not [var idText] || !CallbackData.TryId(idText, out var id) || await VisibleAsync(client, id, cancellationToken) is not { } promotion)
        {
            await update.AnswerCallbackAsync(update.T("client.promotions.empty"), cancellationToken);
            return true;
        }
        if (view)
        {
            await update.ShowAsync(Describe(update, promotion), Keyboards.Inline([(update.T("client.promotion.pay"), $"pp:{promotion.Id}")]), cancellationToken);
        }
        else
        {
            await OfferPaymentAsync(update, client, promotion, cancellationToken);
        }
        return true;
    }

    private async Task ListAsync(BotUpdate update, Domain.Model.Client client, PageRequest request, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var page = await catalog.PublishedPromotionsAsync(today, client.CityId, request, cancellationToken);
        var tier = (await ClientBalance.ReadAsync(db, client.Id, cancellationToken))?.Tier ?? Tier.Bronze;
        var visible = page.Items.Where(p => p.MinTier is null || p.MinTier <= tier).ToList();
        if (visible.Count == 0 && page.NextCursor is null)
        {
            await update.ShowAsync(update.T("client.promotions.empty"), null, cancellationToken);
            return;
        }
        var rows = Keyboards.PagedRows(update, visible, p => (RegistrationHandler.Truncate(p.Title, 60), $"pv:{p.Id}"),
            page.NextCursor is { } next ? $"pr:{next}" : null);
        await update.ShowAsync(update.T("client.promotions.title"), Keyboards.Inline([.. rows]), cancellationToken);
    }

    private async Task<Promotion?> VisibleAsync(Domain.Model.Client client, long id, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var promotion = await catalog.Promotions.SingleOrDefaultAsync(p => p.Id == id && p.ApprovalStatus == ModerationStatus.Approved
            && p.IsActive && p.StartsOn <= today && p.EndsOn >= today, cancellationToken);
        var tier = (await ClientBalance.ReadAsync(db, client.Id, cancellationToken))?.Tier ?? Tier.Bronze;
        return promotion is not null && (promotion.MinTier is null || promotion.MinTier <= tier) ? promotion : null;
    }

    private async Task OfferPaymentAsync(BotUpdate update, Domain.Model.Client client, Promotion promotion, CancellationToken cancellationToken)
    {
        var balance = (await ClientBalance.ReadAsync(db, client.Id, cancellationToken))?.Balance ?? 0;
        var byPrice = promotion.PointValue > 0 ? (long)Math.Floor(promotion.Price / promotion.PointValue) : 0;
        var points = Math.Min(Math.Min(promotion.MaxPointsPayment, byPrice), balance);
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        if (points <= 0)
        {
            await update.ReplyAsync(update.T("client.pay.none"), cancellationToken: cancellationToken);
            return;
        }
        var token = tokens.Issue(client.Id, promotion.Id, points);
        var link = DeepLink.Create(options.Value.Username("partner"), $"pay_{token}");
        await update.ReplyPhotoAsync(QrCodePng.Render(link),
            update.T("client.pay.qr", points, promotion.Title, ((int)tokens.Lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture)),
            cancellationToken: cancellationToken);
    }

    private static string Describe(BotUpdate update, Promotion p) => update.T("client.promotion",
        p.Title, p.Description ?? p.DiscountText ?? "", p.Price.ToString("0.##", CultureInfo.InvariantCulture), p.Currency,
        p.MaxPointsPayment, p.EndsOn.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
}
