using System.Globalization;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>
/// The admin bot's broadcasts (step by step, with the recipient count, and their status), moderation of services as
/// well as promotions, the headline statistics, and the refusal of everyone who is not an admin.
/// </summary>
public sealed class AdminFlowTests(BotCluster cluster)
{
    private const string Admin = "admin";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private async Task<long> NewPartnerInAsync(int cityId, string category)
    {
        var partner = await cluster.NewPartnerAsync();
        await cluster.QueryAsync(db => db.Partners.Where(p => p.Id == partner.Id)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.CityId, cityId).SetProperty(x => x.Category, category), Ct));
        return partner.Id;
    }

    private Task<int> OutboxCountAsync(string eventType, string field, long value) => cluster.QueryAsync(db => db.Database.SqlQuery<int>(
        $"SELECT count(*)::int AS \"Value\" FROM integration_event_outbox WHERE event_type_name = {eventType} AND (content->>{field})::bigint = {value}").SingleAsync(Ct));

    [Fact]
    public async Task An_admin_broadcasts_to_the_partners_of_a_city_and_category_step_by_step_and_follows_its_progress()
    {
        const long AdminId = BotCluster.AdminId + 1; // this test's own admin conversation
        var city = await cluster.NewCityAsync();
        var category = $"yoga{Suffix()}";
        await NewPartnerInAsync(city.Id, category);
        await NewPartnerInAsync(city.Id, category);
        await NewPartnerInAsync(city.Id, "cafe"); // same city, other category: not a recipient

        var start = await cluster.SayAsync(Admin, AdminId, "📣 Рассылка");
        Assert.Contains("Шаг 1/4", start.Text);
        Assert.Contains(start.Keyboard!.Buttons, b => b.CallbackData == "bc:t:Partners");
        Assert.Contains("кнопкой", (await cluster.SayAsync(Admin, AdminId, "partners please")).Text);
        Assert.Contains("Шаг 2/4", (await cluster.PressAsync(Admin, AdminId, "bc:t:Partners")).Text);
        Assert.Contains("Такого города нет", (await cluster.SayAsync(Admin, AdminId, "Atlantis")).Text);
        Assert.Contains("Шаг 3/4", (await cluster.SayAsync(Admin, AdminId, city.Name.ToUpperInvariant())).Text);
        Assert.Contains("не больше 100", (await cluster.SayAsync(Admin, AdminId, new string('c', 101))).Text);
        Assert.Contains("Шаг 4/4", (await cluster.SayAsync(Admin, AdminId, category)).Text);
        var photo = await cluster.ExpectReplyAsync(Admin, AdminId, () => cluster.Sandbox.SendPhotoAsync(Admin, AdminId, Png, cancellationToken: Ct));
        Assert.Contains("отправьте текст", photo.Text);

        var confirm = await cluster.SayAsync(Admin, AdminId, "Yoga week: -20 %");
        Assert.Contains("Получателей: 2", confirm.Text);
        Assert.Contains($"Партнёры · {city.Name} · {category}", confirm.Text);
        Assert.Contains("Yoga week: -20 %", confirm.Text);
        Assert.Contains("2 получателей", (await cluster.PressAsync(Admin, AdminId, "bc:send")).Text);
        // A double tap (or Telegram's redelivery) of Send: the flow is over, nothing is sent twice.
        Assert.Contains("устарела", (await cluster.PressAnyAsync(Admin, AdminId, "bc:send")).Text);

        var campaign = await cluster.QueryAsync(db => db.BroadcastCampaigns.SingleAsync(c => c.Category == category, Ct));
        Assert.Equal((BroadcastInitiator.Admin, AdminId, BroadcastTarget.Partners, city.Id, "Yoga week: -20 %"),
            (campaign.Initiator, campaign.InitiatedBy, campaign.Target, campaign.CityId, campaign.Text));
        Assert.Equal(1, await OutboxCountAsync("BroadcastRequestedIntegrationEvent", "broadcastId", campaign.Id));

        // The workers keep these counters while they send (LoyalityBot.Workers); the status view reads them.
        Assert.Contains("в очереди", (await cluster.SayAsync(Admin, AdminId, "/broadcasts")).Text);
        await cluster.QueryAsync(db => db.BroadcastCampaigns.Where(c => c.Id == campaign.Id).ExecuteUpdateAsync(c => c
            .SetProperty(x => x.RecipientCount, 2).SetProperty(x => x.SentCount, 1).SetProperty(x => x.Status, BroadcastStatus.Sending), Ct));
        var status = await cluster.SayAsync(Admin, AdminId, "📬 Статус рассылок");
        Assert.Contains($"№{campaign.Id} · отправляется · Партнёры · {city.Name} · {category}", status.Text);
        Assert.Contains("Получателей: 2, отправлено: 1, ошибок: 0, пропущено: 0, осталось: 1", status.Text);
    }

    [Fact]
    public async Task A_client_broadcast_by_city_button_shows_its_count_and_can_be_cancelled_and_an_empty_audience_is_refused()
    {
        const long AdminId = BotCluster.AdminId + 2; // this test's own admin conversation
        var city = await cluster.NewCityAsync();
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == ann.Id).ExecuteUpdateAsync(c => c.SetProperty(x => x.CityId, city.Id), Ct));

        await cluster.SayAsync(Admin, AdminId, "/broadcast");
        await cluster.PressAsync(Admin, AdminId, "bc:t:Clients");
        Assert.Contains("устарела", (await cluster.PressAnyAsync(Admin, AdminId, "bc:c:999999999")).Text);
        await cluster.PressAnyAsync(Admin, AdminId, $"bc:c:{city.Id}");
        Assert.Contains("Шаг 4/4", (await cluster.PressAsync(Admin, AdminId, "bc:g:")).Text);
        var confirm = await cluster.SayAsync(Admin, AdminId, "Hello, Kutaisi!");
        Assert.Contains("Получателей: 1", confirm.Text);
        Assert.Contains($"Клиенты · {city.Name} · Все категории", confirm.Text);
        Assert.Contains("кнопкой", (await cluster.SayAsync(Admin, AdminId, "yes")).Text);
        Assert.Contains("Отменено", (await cluster.PressAsync(Admin, AdminId, "bc:cancel")).Text);
        Assert.False(await cluster.QueryAsync(db => db.BroadcastCampaigns.AnyAsync(c => c.CityId == city.Id, Ct)));

        // Clients of the city who visited a partner of a category nobody visited: nobody, said before anything is sent.
        await cluster.SayAsync(Admin, AdminId, "/broadcast");
        await cluster.PressAsync(Admin, AdminId, "bc:t:Clients");
        await cluster.PressAnyAsync(Admin, AdminId, $"bc:c:{city.Id}");
        await cluster.SayAsync(Admin, AdminId, $"nobody{Suffix()}");
        Assert.Contains("никто не подходит", (await cluster.SayAsync(Admin, AdminId, "Hello")).Text);
        Assert.False(await cluster.QueryAsync(db => db.BroadcastCampaigns.AnyAsync(c => c.CityId == city.Id, Ct)));
    }

    [Fact]
    public async Task The_moderation_queue_has_services_and_promotions_approved_or_rejected_with_a_reason_once()
    {
        const long AdminId = BotCluster.AdminId + 3; // this test's own admin conversation
        var partner = await cluster.NewPartnerAsync();
        var (serviceId, promotionId) = await cluster.QueryAsync(async db =>
        {
            var service = new Service { PartnerId = partner.Id, Title = "Massage", Category = "spa", PricePoints = 300, CreatedAt = DateTime.UtcNow };
            var promotion = new Promotion { PartnerId = partner.Id, Title = "Spa day", StartsOn = DateOnly.MinValue, EndsOn = DateOnly.MaxValue, CreatedAt = DateTime.UtcNow };
            db.AddRange(service, promotion);
            await db.SaveChangesAsync(Ct);
            return (service.Id, promotion.Id);
        });

        var queue = await cluster.SayAsync(Admin, AdminId, "🛡 Модерация");
        Assert.Matches(@"На модерации: акций [1-9]\d*, услуг [1-9]\d*\.", queue.Text);
        Assert.All(queue.Keyboard!.Buttons, b => Assert.Matches(@"^mod:(ok|no):[ps]:\d+$", b.CallbackData));

        Assert.Contains($"Услуга №{serviceId}", (await cluster.PressAnyAsync(Admin, AdminId, $"mod:no:s:{serviceId}")).Text);
        var photo = await cluster.ExpectReplyAsync(Admin, AdminId, () => cluster.Sandbox.SendPhotoAsync(Admin, AdminId, Png, cancellationToken: Ct));
        Assert.Contains("отправьте текст", photo.Text);
        Assert.Contains("не больше 1000", (await cluster.SayAsync(Admin, AdminId, new string('r', 1001))).Text);
        // Each decision is followed by the next item of the queue: wait for the answer itself. Each one invalidates
        // the Mini App catalog at once (only the replicas bump this stage's generation).
        var generation = await cluster.Catalog.CurrentAsync();
        await cluster.SayAsync(Admin, AdminId, "Blurry photo", Says($"Услуга №{serviceId} отклонена"));
        var afterReject = await cluster.Catalog.CurrentAsync();
        Assert.True(afterReject > generation, "A rejection left the catalog generation unchanged.");
        await cluster.PressAnyAsync(Admin, AdminId, $"mod:ok:p:{promotionId}", Says($"Акция №{promotionId} одобрена"));
        Assert.True(await cluster.Catalog.CurrentAsync() > afterReject, "An approval left the catalog generation unchanged.");
        await cluster.PressAnyAsync(Admin, AdminId, $"mod:ok:s:{serviceId}", Says("уже рассмотрено"));
        await cluster.PressAnyAsync(Admin, AdminId, $"mod:ok:x:{serviceId}", Says("уже рассмотрено"));

        Assert.Equal(ModerationStatus.Rejected, await cluster.QueryAsync(db => db.Services.Where(s => s.Id == serviceId).Select(s => s.ApprovalStatus).SingleAsync(Ct)));
        Assert.Equal(ModerationStatus.Approved, await cluster.QueryAsync(db => db.Promotions.Where(p => p.Id == promotionId).Select(p => p.ApprovalStatus).SingleAsync(Ct)));
        var events = await cluster.QueryAsync(db => db.Database.SqlQuery<string>(
            $"SELECT content::text AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'ContentModeratedIntegrationEvent' AND (content->>'partnerId')::bigint = {partner.Id} ORDER BY creation_time").ToListAsync(Ct));
        var decided = events.Select(e => System.Text.Json.JsonSerializer.Deserialize<ContentModeratedIntegrationEvent>(e, System.Text.Json.JsonSerializerOptions.Web)!)
            .Select(e => (e.Kind, e.ContentId, e.Approved, e.Reason)).ToList();
        Assert.Equal([(ModeratedContentKind.Service, serviceId, false, "Blurry photo"), (ModeratedContentKind.Promotion, promotionId, true, null)], decided);
    }

    [Fact]
    public async Task The_headline_statistics_count_clients_partners_transactions_points_and_what_waits()
    {
        const long AdminId = BotCluster.AdminId + 4; // this test's own admin conversation
        await cluster.RegisterClientAsync("Stat");
        var stats = (await cluster.SayAsync(Admin, AdminId, "/stats")).Text!;
        foreach (var line in new[] { "Клиенты", "Партнёры", "Операций всего", "Операций сегодня", "Баллов начислено", "Баллов списано", "Заявки на рассмотрении" })
        {
            Assert.Matches($@"{line}: \d+", stats);
        }
        Assert.Matches(@"На модерации: акций \d+, услуг \d+", stats);
        var figures = await cluster.QueryAsync(async db => (
            Clients: await db.Clients.CountAsync(Ct),
            Issued: await db.LedgerEntries.Where(e => e.Amount > 0).SumAsync(e => e.Amount, Ct)));
        // Other tests add clients and points meanwhile: the figures are at least those read before, at most those after.
        Assert.True(Figure(stats, "Клиенты") >= 1 && Figure(stats, "Клиенты") <= figures.Clients, stats);
        Assert.True(Figure(stats, "Баллов начислено") >= 100 && Figure(stats, "Баллов начислено") <= figures.Issued, stats);
        Assert.True(Figure(stats, "Операций всего") >= Figure(stats, "Операций сегодня"), stats);
    }

    [Fact]
    public async Task Every_admin_flow_refuses_users_who_are_not_admins()
    {
        const long AdminId = BotCluster.AdminId + 5; // this test's own admin conversation
        var partner = await cluster.NewPartnerAsync();
        var serviceId = await cluster.QueryAsync(async db =>
        {
            var service = new Service { PartnerId = partner.Id, Title = "Pending", Category = "spa", PricePoints = 100, CreatedAt = DateTime.UtcNow };
            db.Services.Add(service);
            await db.SaveChangesAsync(Ct);
            return service.Id;
        });
        var stranger = await cluster.NewUserAsync("Mallory");
        foreach (var text in new[] { "/start", "/broadcast", "📣 Рассылка", "/broadcasts", "/moderation", "/applications", "/stats", "/export", "hello" })
        {
            Assert.Contains("только для администраторов", (await cluster.SayAsync(Admin, stranger.Id, text)).Text);
        }
        foreach (var data in new[] { "bc:t:Clients", "bc:send", $"mod:ok:s:{serviceId}", "app:ok:1", "exp:AdminClientsCsv", "bcs:azE1" })
        {
            Assert.Contains("только для администраторов", (await cluster.PressAnyAsync(Admin, stranger.Id, data)).Text);
        }
        Assert.Equal(ModerationStatus.Pending, await cluster.QueryAsync(db => db.Services.Where(s => s.Id == serviceId).Select(s => s.ApprovalStatus).SingleAsync(Ct)));
        Assert.Equal(0, await OutboxCountAsync("ExportRequestedIntegrationEvent", "recipientTelegramId", stranger.Id));
        Assert.False(await cluster.QueryAsync(db => db.BroadcastCampaigns.AnyAsync(c => c.InitiatedBy == stranger.Id, Ct)));

        // The service is still pending, and the admin decides it (after opening the bot: a bot cannot write first).
        await cluster.SayAsync(Admin, AdminId, "/moderation");
        await cluster.PressAnyAsync(Admin, AdminId, $"mod:ok:s:{serviceId}", Says($"Услуга №{serviceId} одобрена"));
    }

    private static Func<TranscriptEntry, bool> Says(string text) => m => m.Text?.Contains(text, StringComparison.Ordinal) == true;

    private static long Figure(string stats, string label) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(stats, $@"{label}: (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);

    // A 1×1 PNG: a photo where text is expected.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
