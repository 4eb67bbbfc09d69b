using LoyalityBot.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>The partner's analytics and broadcasts in the bot.</summary>
public sealed class PartnerToolsFlowTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Analytics_shows_each_period_and_forged_periods_are_refused()
    {
        var partner = await cluster.NewPartnerAsync("Diner");
        var ann = await cluster.RegisterClientAsync("Ann");
        await cluster.Ledger.AccrueAsync(new AccrualRequest(ann.Id, partner.Id, 120m, "USD", $"analytics-{ann.Id}"), cancellationToken: Ct);

        var choose = await cluster.SayAsync("partner", partner.Id, "📊 Аналитика");
        Assert.Equal(["an:7", "an:30", "an:90", "an:all"], choose.Keyboard!.Buttons.Select(b => b.CallbackData));
        var week = await cluster.PressUntilAsync("partner", partner.Id, "an:7", m => m.Says("Аналитика: 7 дней"));
        Assert.Contains("Выручка: 120", week.Text);
        Assert.Contains("Операций: 1", week.Text);
        Assert.Contains("Новые клиенты: 1", week.Text);
        Assert.Contains("Начислено баллов: 12", week.Text);
        Assert.Contains("Операций: 1", (await cluster.PressUntilAsync("partner", partner.Id, "an:all", m => m.Says("Аналитика: Всё время"))).Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", partner.Id, "an:365")).Text);
    }

    [Fact]
    public async Task A_broadcast_shows_its_recipient_count_before_it_is_sent_and_a_second_one_the_same_day_is_refused_clearly()
    {
        var partner = await cluster.NewPartnerAsync("Florist");
        foreach (var name in new[] { "Ann", "Bob" })
        {
            var client = await cluster.RegisterClientAsync(name);
            await cluster.Ledger.AccrueAsync(new AccrualRequest(client.Id, partner.Id, 50m, "USD", $"broadcast-{client.Id}"), cancellationToken: Ct);
        }
        var audience = await cluster.SayAsync("partner", partner.Id, "/broadcast");
        Assert.Contains("раз в сутки", audience.Text);
        Assert.Contains("устарела", (await cluster.PressAnyAsync("partner", partner.Id, "bca:1")).Text);
        Assert.Contains("текст рассылки", (await cluster.PressAsync("partner", partner.Id, "bca:Visitors")).Text);
        var png = Domain.Cards.QrCodePng.Render("flowers");
        Assert.Contains("отправьте текст", (await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.SendPhotoAsync("partner", partner.Id, png, cancellationToken: Ct))).Text);
        var confirm = await cluster.SayAsync("partner", partner.Id, "Tulips are in!");
        Assert.Contains("Получателей: 2.", confirm.Text);
        Assert.Contains("Tulips are in!", confirm.Text);
        Assert.Contains("поставлена в очередь: 2", (await cluster.PressAsync("partner", partner.Id, "bcs")).Text);
        var broadcast = await cluster.QueryAsync(db => db.BroadcastCampaigns.SingleAsync(b => b.PartnerId == partner.Id, Ct));
        Assert.Equal("Tulips are in!", broadcast.Text);
        Assert.Equal(1, await cluster.OutboxCountAsync("BroadcastRequestedIntegrationEvent", "broadcastId", broadcast.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        await cluster.SayAsync("partner", partner.Id, "📣 Рассылка");
        await cluster.PressAsync("partner", partner.Id, "bca:Both");
        Assert.Contains("Получателей: 2.", (await cluster.SayAsync("partner", partner.Id, "Roses too")).Text);
        Assert.Contains("раз в сутки (UTC)", (await cluster.PressAsync("partner", partner.Id, "bcs")).Text);
        Assert.Equal(1, await cluster.QueryAsync(db => db.BroadcastCampaigns.CountAsync(b => b.PartnerId == partner.Id, Ct)));

        var lonely = await cluster.NewPartnerAsync("Lonely");
        await cluster.SayAsync("partner", lonely.Id, "/broadcast");
        await cluster.PressAsync("partner", lonely.Id, "bca:Referrals");
        Assert.Contains("нет клиентов", (await cluster.SayAsync("partner", lonely.Id, "Anyone?")).Text);
    }
}
