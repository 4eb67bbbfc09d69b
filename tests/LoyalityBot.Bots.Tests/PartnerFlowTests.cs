using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>The partner and admin bots' flows: application, decision, accrual and redemption at the counter, moderation, stats, exports.</summary>
public sealed class PartnerFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_application_is_filled_in_the_bot_validated_and_approved_by_an_admin_into_a_partner()
    {
        var owner = await cluster.NewUserAsync("Olga");
        var city = await cluster.NewCityAsync("Tbilisi");
        await cluster.SayAsync("partner", owner.Id, "/start");
        Assert.Contains("Шаг 1/7", (await cluster.SayAsync("partner", owner.Id, "/apply")).Text);
        await cluster.SayAsync("partner", owner.Id, "cafe");
        await cluster.SayAsync("partner", owner.Id, "Olga");
        await cluster.SayAsync("partner", owner.Id, "Olga Coffee LLC");
        Assert.Contains("Город не найден", (await cluster.SayAsync("partner", owner.Id, $"Atlantis{Guid.NewGuid():N}")).Text);
        await cluster.SayAsync("partner", owner.Id, city.Name.ToUpperInvariant());
        Assert.Contains("Шаг 6/7", (await cluster.SayAsync("partner", owner.Id, "Vake")).Text);
        Assert.Contains("от 7 до 15 цифр", (await cluster.SayAsync("partner", owner.Id, "call me")).Text);
        await cluster.SayAsync("partner", owner.Id, "+995 555 123 456");
        Assert.Contains("https://", (await cluster.SayAsync("partner", owner.Id, "javascript:alert(1)")).Text);
        var summary = await cluster.SayAsync("partner", owner.Id, "https://book.example/olga");
        Assert.Contains("995555123456", summary.Text);
        var sent = await cluster.PressAsync("partner", owner.Id, "apply-send");
        Assert.Contains("отправлена", sent.Text);
        Assert.Contains("на рассмотрении", (await cluster.SayAsync("partner", owner.Id, "/status")).Text);
        var applicationId = await cluster.QueryAsync(db => db.PartnerApplications.Where(a => a.TelegramUserId == owner.Id).Select(a => a.Id).SingleAsync(Ct));

        var queue = await cluster.SayAsync("admin", BotCluster.AdminId, "/applications");
        Assert.Contains(queue.Keyboard!.Buttons, b => b.CallbackData == $"app:ok:{applicationId}" || b.CallbackData?.StartsWith("app:ok:", StringComparison.Ordinal) == true);
        var generation = await cluster.Catalog.CurrentAsync();
        var approved = await cluster.PressAnyAsync("admin", BotCluster.AdminId, $"app:ok:{applicationId}");
        Assert.Contains("одобрена", approved.Text);
        // The new partner is in the Mini App's partner lists at once: the approval invalidated the catalog.
        Assert.True(await cluster.Catalog.CurrentAsync() > generation, "The approval left the catalog generation unchanged.");
        var again = await cluster.PressAnyAsync("admin", BotCluster.AdminId, $"app:ok:{applicationId}");
        Assert.Contains("уже рассмотрена", again.Text);

        var partner = await cluster.QueryAsync(db => db.Partners.SingleAsync(p => p.Id == owner.Id, Ct));
        Assert.Equal("Olga Coffee LLC", partner.CompanyName);
        Assert.Equal(city.Id, partner.CityId);
        Assert.Equal(1, await cluster.QueryAsync(db => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'PartnerApplicationDecidedIntegrationEvent' AND content->>'applicationId' = {applicationId.ToString(System.Globalization.CultureInfo.InvariantCulture)}").SingleAsync(Ct)));
        Assert.Contains("Кабинет партнёра", (await cluster.SayAsync("partner", owner.Id, "/start")).Text);

        // Another application of the same user (made elsewhere) cannot be approved into a second partner; it stays pending.
        var second = await cluster.QueryAsync(async db =>
        {
            var application = new PartnerApplication { TelegramUserId = owner.Id, Name = "Olga", Category = "cafe", CreatedAt = DateTime.UtcNow };
            db.PartnerApplications.Add(application);
            await db.SaveChangesAsync(Ct);
            return application.Id;
        });
        Assert.Contains("уже партнёр", (await cluster.PressAnyAsync("admin", BotCluster.AdminId, $"app:ok:{second}")).Text);
        Assert.Equal(ApplicationStatus.Pending, await cluster.QueryAsync(db => db.PartnerApplications.Where(a => a.Id == second).Select(a => a.Status).SingleAsync(Ct)));
    }

    [Fact]
    public async Task An_admin_rejects_an_application_with_a_reason()
    {
        var owner = await cluster.NewUserAsync("Ivan");
        var city = await cluster.NewCityAsync("Batumi");
        await cluster.SayAsync("partner", owner.Id, "/apply");
        foreach (var answer in new[] { "gym", "Ivan", "Ivan Gym", city.Name, "Center", "+995555000111", "-" })
        {
            await cluster.SayAsync("partner", owner.Id, answer);
        }
        await cluster.PressAsync("partner", owner.Id, "apply-send");
        var id = await cluster.QueryAsync(db => db.PartnerApplications.Where(a => a.TelegramUserId == owner.Id).Select(a => a.Id).SingleAsync(Ct));

        // The admin opens the queue first: a bot cannot write to someone who never started it (Telegram's 403).
        await cluster.SayAsync("admin", BotCluster.AdminId, "/applications");
        Assert.Contains("Причина", (await cluster.PressAnyAsync("admin", BotCluster.AdminId, $"app:no:{id}")).Text);
        Assert.Contains("отклонена", (await cluster.SayAsync("admin", BotCluster.AdminId, "Incomplete documents")).Text);

        Assert.Equal(ApplicationStatus.Rejected, await cluster.QueryAsync(db => db.PartnerApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync(Ct)));
        Assert.Contains("отклонена", (await cluster.SayAsync("partner", owner.Id, "/status")).Text);
    }

    [Fact]
    public async Task A_partner_accrues_by_the_clients_card_link_and_redeems_by_phone_with_confirmation_once()
    {
        var partner = await cluster.NewPartnerAsync();
        var ann = await cluster.RegisterClientAsync("Ann");
        var client = await cluster.QueryAsync(db => db.Clients.SingleAsync(c => c.Id == ann.Id, Ct));

        var card = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"client_{client.ReferralCode}", Ct));
        Assert.Contains("Ann", card.Text);
        await cluster.PressAsync("partner", partner.Id, "op:a");
        var confirm = await cluster.PressAsync("partner", partner.Id, "amt:500");
        var confirmData = confirm.Keyboard!.Buttons.First().CallbackData!;
        var done = await cluster.PressAsync("partner", partner.Id, confirmData);
        Assert.Contains("Начислено 50", done.Text);
        // The same Confirm again (a double tap): nothing more is applied.
        Assert.Contains("устарела", (await cluster.PressAsync("partner", partner.Id, confirmData)).Text);

        await cluster.SayAsync("partner", partner.Id, "🔍 Найти клиента");
        await cluster.SayAsync("partner", partner.Id, client.Phone!);
        await cluster.PressAsync("partner", partner.Id, "op:r");
        foreach (var bad in new[] { "-5", "abc", "1e9", "99999999999999999999999", "12.5", "0", "2000001" })
        {
            Assert.Contains("числом", (await cluster.SayAsync("partner", partner.Id, bad)).Text);
        }
        var redeem = await cluster.SayAsync("partner", partner.Id, "30");
        Assert.Contains("Списано 30", (await cluster.PressAsync("partner", partner.Id, redeem.Keyboard!.Buttons.First().CallbackData!)).Text);

        var balance = await cluster.QueryAsync(db => db.PointAccounts.Where(a => a.ClientId == ann.Id).Select(a => a.Balance).SingleAsync(Ct));
        Assert.Equal(100 + 50 - 30, balance);
        var events = await cluster.QueryAsync(db => db.Database.SqlQuery<string>(
            $"SELECT event_type_name AS \"Value\" FROM integration_event_outbox WHERE (content->>'clientId')::bigint = {ann.Id} ORDER BY creation_time").ToListAsync(Ct));
        Assert.Equal(["PointsAccruedIntegrationEvent", "PointsRedeemedIntegrationEvent"], events);
    }

    [Fact]
    public async Task Unknown_clients_and_stale_buttons_get_a_helpful_answer_and_non_partners_are_sent_to_apply()
    {
        var partner = await cluster.NewPartnerAsync();
        await cluster.SayAsync("partner", partner.Id, "/find");
        Assert.Contains("не найден", (await cluster.SayAsync("partner", partner.Id, "NOSUCHCODE")).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", partner.Id, "opc:deadbeef")).Text);
        Assert.Contains("Неизвестная команда", (await cluster.SayAsync("partner", partner.Id, "/frobnicate")).Text);

        var stranger = await cluster.NewUserAsync("Eve");
        Assert.Contains("/apply", (await cluster.SayAsync("partner", stranger.Id, "/find")).Text);
    }

    [Fact]
    public async Task The_partner_invite_is_a_client_bot_link_with_a_qr()
    {
        var partner = await cluster.NewPartnerAsync();
        var invite = await cluster.SayAsync("partner", partner.Id, "/invite");
        Assert.NotNull(invite.Photo);
        Assert.Contains($"{cluster.Bots["client"].Username}?start=partner_{partner.Id}", invite.Text);
    }

    [Fact]
    public async Task The_admin_bot_refuses_strangers_and_gives_admins_stats_moderation_and_exports()
    {
        var stranger = await cluster.NewUserAsync("Mallory");
        Assert.Contains("только для администраторов", (await cluster.SayAsync("admin", stranger.Id, "/stats")).Text);

        Assert.Contains("Клиенты:", (await cluster.SayAsync("admin", BotCluster.AdminId, "📈 Статистика")).Text);

        var partner = await cluster.NewPartnerAsync();
        var promotionId = await cluster.QueryAsync(async db =>
        {
            var promotion = new Promotion { PartnerId = partner.Id, Title = "Pending", StartsOn = DateOnly.MinValue, EndsOn = DateOnly.MaxValue, CreatedAt = DateTime.UtcNow };
            db.Promotions.Add(promotion);
            await db.SaveChangesAsync(Ct);
            return promotion.Id;
        });
        await cluster.SayAsync("admin", BotCluster.AdminId, "/moderation");
        await cluster.PressAnyAsync("admin", BotCluster.AdminId, $"mod:ok:p:{promotionId}");
        Assert.Equal(ModerationStatus.Approved, await cluster.QueryAsync(db => db.Promotions.Where(p => p.Id == promotionId).Select(p => p.ApprovalStatus).SingleAsync(Ct)));

        await cluster.SayAsync("admin", BotCluster.AdminId, "/export");
        Assert.Contains("в очередь", (await cluster.PressAsync("admin", BotCluster.AdminId, "exp:AdminClientsCsv")).Text);
        Assert.True(await cluster.QueryAsync(db => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'ExportRequestedIntegrationEvent'").SingleAsync(Ct)) >= 1);
    }
}
