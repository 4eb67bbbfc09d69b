using System.Globalization;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot;

namespace LoyalityBot.Bots.Tests;

/// <summary>The partner's promotions and services in the bot: the step-by-step form, photos for the workers, edit, show/hide, delete.</summary>
public sealed class PartnerContentFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partner_creates_a_promotion_step_by_step_every_bad_answer_is_explained_and_the_photo_goes_to_the_workers()
    {
        var partner = await cluster.NewPartnerAsync("Bakery");
        var empty = await cluster.SayAsync("partner", partner.Id, "🎁 Акции");
        Assert.Contains("Акций пока нет", empty.Text);
        Assert.Contains(empty.Keyboard!.Buttons, b => b.CallbackData == "cn:p");

        Assert.Contains("Название", (await cluster.PressAsync("partner", partner.Id, "cn:p")).Text);
        var png = Domain.Cards.QrCodePng.Render("bakery");
        Assert.Contains("отправьте текст", (await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.SendPhotoAsync("partner", partner.Id, png, cancellationToken: Ct))).Text);
        Assert.Contains("Описание", (await cluster.SayAsync("partner", partner.Id, "Croissant week")).Text);
        Assert.Contains("Цена", (await cluster.PressAsync("partner", partner.Id, "cf:-")).Text);
        foreach (var bad in new[] { "abc", "-5", "1000001", "1e3", "12.345", "99999999999999999999999999" })
        {
            Assert.Contains("от 0 до 1000000", (await cluster.SayAsync("partner", partner.Id, bad)).Text);
        }
        var type = await cluster.SayAsync("partner", partner.Id, "19,99");
        Assert.Contains(type.Keyboard!.Buttons, b => b.CallbackData == "cf:Discount");
        Assert.Contains("кнопкой", (await cluster.SayAsync("partner", partner.Id, "7")).Text);
        Assert.Contains("начала", (await cluster.PressAsync("partner", partner.Id, "cf:Discount")).Text);
        Assert.Contains("ДД.ММ.ГГГГ", (await cluster.SayAsync("partner", partner.Id, "tomorrow")).Text);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Contains("окончания", (await cluster.SayAsync("partner", partner.Id, today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture))).Text);
        Assert.Contains("не в прошлом", (await cluster.SayAsync("partner", partner.Id, "31.02.2030")).Text);
        Assert.Contains("не в прошлом", (await cluster.SayAsync("partner", partner.Id, today.AddDays(-1).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture))).Text);
        var ends = today.AddDays(30);
        Assert.Contains("баллов", (await cluster.SayAsync("partner", partner.Id, ends.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture))).Text);
        Assert.Contains("от 0 до 19", (await cluster.SayAsync("partner", partner.Id, "20")).Text);
        Assert.Contains("от 0 до 19", (await cluster.SayAsync("partner", partner.Id, "-1")).Text);
        var tier = await cluster.SayAsync("partner", partner.Id, "15");
        Assert.Contains(tier.Keyboard!.Buttons, b => b.CallbackData == "cf:Silver");
        Assert.Contains("фото", (await cluster.PressAsync("partner", partner.Id, "cf:Silver")).Text);
        Assert.Contains("Нужна фотография", (await cluster.SayAsync("partner", partner.Id, "here it is")).Text);
        var created = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.SendPhotoAsync("partner", partner.Id, png, cancellationToken: Ct));
        Assert.Contains("создана", created.Text);
        Assert.Contains("Фото принято", created.Text);

        var promotion = await cluster.QueryAsync(db => db.Promotions.SingleAsync(p => p.PartnerId == partner.Id, Ct));
        Assert.Equal(("Croissant week", null, PromotionType.Discount, 19.99m, 15L, Tier.Silver, today, ends, ModerationStatus.Pending),
            (promotion.Title, promotion.Description, promotion.Type, promotion.Price, promotion.MaxPointsPayment, promotion.MinTier, promotion.StartsOn, promotion.EndsOn, promotion.ApprovalStatus));

        // The workers get the Telegram file: the event names the partner bot and a file id that bot can download.
        var fileId = await cluster.QueryAsync(db => db.Database.SqlQuery<string>(
            $"SELECT content->>'telegramFileId' AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'MediaUploadedIntegrationEvent' AND (content->>'ownerId')::bigint = {promotion.Id} AND content->>'telegramBot' = 'partner'").SingleAsync(Ct));
        var bot = new TelegramBotClient(new TelegramBotClientOptions(cluster.Bots["partner"].Token, cluster.SandboxAddress.ToString()));
        var file = await bot.GetFile(fileId, Ct);
        using var downloaded = new MemoryStream();
        await bot.DownloadFile(file.FilePath!, downloaded, Ct);
        Assert.True(downloaded.Length > 0);

        var list = await cluster.SayAsync("partner", partner.Id, "/promotions");
        Assert.Contains(list.Keyboard!.Buttons, b => b.CallbackData == $"cv:p:{promotion.Id}" && b.Text.Contains("на модерации", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_partner_edits_hides_and_deletes_a_service_with_confirmation_and_an_edit_goes_back_to_moderation()
    {
        var partner = await cluster.NewPartnerAsync("Nails");
        await cluster.SayAsync("partner", partner.Id, "🛍 Услуги");
        await cluster.PressAsync("partner", partner.Id, "cn:s");
        await cluster.SayAsync("partner", partner.Id, "Manicure");
        await cluster.SayAsync("partner", partner.Id, "Classic manicure, 1 hour");
        Assert.Contains("от 1 до 64", (await cluster.SayAsync("partner", partner.Id, new string('c', 65))).Text);
        await cluster.SayAsync("partner", partner.Id, "manicure");
        Assert.Contains("целое число", (await cluster.SayAsync("partner", partner.Id, "12.5")).Text);
        await cluster.SayAsync("partner", partner.Id, "300");
        var generation = await cluster.Catalog.CurrentAsync();
        Assert.Contains("создана", (await cluster.PressAsync("partner", partner.Id, "cf:-")).Text);
        // Every change invalidates the Mini App catalog at once (the bot bumps the API cache's generation).
        generation = await AssertCatalogBumpedAsync(generation);
        var service = await cluster.QueryAsync(db => db.Services.SingleAsync(s => s.PartnerId == partner.Id, Ct));
        Assert.Equal((300, "manicure", ModerationStatus.Pending), (service.PricePoints, service.Category, service.ApprovalStatus));
        await cluster.QueryAsync(db => db.Services.Where(s => s.Id == service.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.ApprovalStatus, ModerationStatus.Approved), Ct));

        await cluster.SayAsync("partner", partner.Id, "/services");
        await cluster.PressUntilAsync("partner", partner.Id, $"cv:s:{service.Id}", m => m.Says("Услуга №") && m.Says("одобрена"));
        await cluster.PressUntilAsync("partner", partner.Id, $"ce:s:{service.Id}", m => m.Says("Что изменить"));
        Assert.Contains("Цена в баллах", (await cluster.PressAsync("partner", partner.Id, $"cef:s:{service.Id}:points")).Text);
        Assert.Contains("целое число", (await cluster.SayAsync("partner", partner.Id, "lots")).Text);
        Assert.Contains("Снова на модерации", (await cluster.SayAsync("partner", partner.Id, "250")).Text);
        generation = await AssertCatalogBumpedAsync(generation);
        service = await cluster.QueryAsync(db => db.Services.AsNoTracking().SingleAsync(s => s.Id == service.Id, Ct));
        Assert.Equal((250, "Manicure", ModerationStatus.Pending), (service.PricePoints, service.Title, service.ApprovalStatus));

        await cluster.PressUntilAsync("partner", partner.Id, $"cv:s:{service.Id}", m => m.Says("Услуга №") && m.Says("на модерации"));
        await cluster.PressUntilAsync("partner", partner.Id, $"ca:s:{service.Id}", m => m.Says("скрыта") && m.Says("Услуга №"));
        Assert.False(await cluster.QueryAsync(db => db.Services.Where(s => s.Id == service.Id).Select(s => s.IsActive).SingleAsync(Ct)));
        generation = await AssertCatalogBumpedAsync(generation);

        // Another partner's id in a forged button: not found, and nothing changes.
        var other = await cluster.NewPartnerAsync("Other");
        await cluster.SayAsync("partner", other.Id, "/start");
        Assert.Contains("Не найдено", (await cluster.PressAnyAsync("partner", other.Id, $"cdy:s:{service.Id}")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", other.Id, "cv:x:1")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", other.Id, "cl:s:not-a-cursor")).Text);

        await cluster.PressUntilAsync("partner", partner.Id, $"cd:s:{service.Id}", m => m.Says("Удалить «Manicure»"));
        await cluster.PressUntilAsync("partner", partner.Id, $"cdy:s:{service.Id}", m => m.Says("Удалено"));
        Assert.False(await cluster.QueryAsync(db => db.Services.AnyAsync(s => s.Id == service.Id, Ct)));
        await AssertCatalogBumpedAsync(generation);
    }

    /// <summary>Only the replicas bump this stage's generation, so a change they missed leaves it where it was.</summary>
    private async Task<long> AssertCatalogBumpedAsync(long before)
    {
        var now = await cluster.Catalog.CurrentAsync();
        Assert.True(now > before, $"The catalog generation stayed at {before}.");
        return now;
    }

    [Fact]
    public async Task The_partners_list_is_keyset_paged_and_a_promotion_clients_paid_for_is_hidden_instead_of_deleted()
    {
        var partner = await cluster.NewPartnerAsync("Gym");
        var ids = await cluster.QueryAsync(async db =>
        {
            var promotions = Enumerable.Range(1, 6).Select(i => new Promotion
            {
                PartnerId = partner.Id, Title = $"Offer {i}", Price = 50m, MaxPointsPayment = 10, StartsOn = DateOnly.MinValue, EndsOn = DateOnly.MaxValue,
                ApprovalStatus = i == 6 ? ModerationStatus.Rejected : ModerationStatus.Approved, CreatedAt = DateTime.UtcNow,
            }).ToList();
            db.Promotions.AddRange(promotions);
            await db.SaveChangesAsync(Ct);
            return promotions.Select(p => p.Id).ToList();
        });
        var first = await cluster.SayAsync("partner", partner.Id, "/promotions");
        Assert.Equal(5, first.Keyboard!.Buttons.Count(b => b.CallbackData!.StartsWith("cv:p:", StringComparison.Ordinal)));
        Assert.Contains(first.Keyboard.Buttons, b => b.Text.Contains("Offer 6", StringComparison.Ordinal) && b.Text.Contains("отклонена", StringComparison.Ordinal));
        var next = first.Keyboard.Buttons.Single(b => b.CallbackData!.StartsWith("cl:p:", StringComparison.Ordinal)).CallbackData!;
        var second = await cluster.PressUntilAsync("partner", partner.Id, next, m => m.Keyboard?.Buttons.Any(b => b.CallbackData == $"cv:p:{ids[0]}") == true);
        Assert.Single(second.Keyboard!.Buttons, b => b.CallbackData!.StartsWith("cv:p:", StringComparison.Ordinal));

        // A promotion paid for with points stays (the ledger points at it) but is hidden from clients.
        var ann = await cluster.RegisterClientAsync("Ann");
        var token = cluster.PaymentTokens.Issue(ann.Id, ids[0], 10);
        var confirm = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"pay_{token}", Ct));
        Assert.Contains("Оплата проведена", (await cluster.PressAsync("partner", partner.Id, confirm.Keyboard!.Buttons.First().CallbackData!)).Text);
        await cluster.SayAsync("partner", partner.Id, "/promotions");
        await cluster.PressUntilAsync("partner", partner.Id, next, m => m.Keyboard?.Buttons.Any(b => b.CallbackData == $"cv:p:{ids[0]}") == true);
        await cluster.PressUntilAsync("partner", partner.Id, $"cv:p:{ids[0]}", m => m.Says($"Акция №{ids[0]}"));
        await cluster.PressUntilAsync("partner", partner.Id, $"cd:p:{ids[0]}", m => m.Says("Удалить «Offer 1»"));
        await cluster.PressUntilAsync("partner", partner.Id, $"cdy:p:{ids[0]}", m => m.Says("скрыта от клиентов"));
        Assert.False(await cluster.QueryAsync(db => db.Promotions.Where(p => p.Id == ids[0]).Select(p => p.IsActive).SingleAsync(Ct)));
    }
}
