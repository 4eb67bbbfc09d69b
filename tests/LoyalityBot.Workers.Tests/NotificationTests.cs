using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.IntegrationEvents.EventHandling;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// The whole path with the workers' own registration: ledger or domain change + outbox (or a plain publish) →
/// RabbitMQ → handler → gateway → the right sandbox bot.
/// </summary>
public sealed class NotificationTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_accrual_sends_one_receipt_and_one_nps_request_even_when_its_event_is_delivered_twice()
    {
        var (bot, user, workers) = await ClientOfPartnerOneAsync();
        await using var _ = workers;

        var first = await workers.AccrueAsync(user.Id, 1, 100m, "purchase-1");
        var nps = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, m => m.Text == PointsAccruedReceiptHandler.NpsQuestion, timeout: Wait, cancellationToken: Ct);
        // The same event again, as after a relay crash; then a second accrual, handled after it.
        await workers.Bus.PublishAsync(first, Ct);
        var second = await workers.AccrueAsync(user.Id, 1, 100m, "purchase-2");
        await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, m => m.Text == PointsAccruedReceiptHandler.NpsQuestion, after: 3, timeout: Wait, cancellationToken: Ct);

        Assert.Equal(
            [PointsAccruedReceiptHandler.Receipt(first), PointsAccruedReceiptHandler.NpsQuestion, PointsAccruedReceiptHandler.Receipt(second), PointsAccruedReceiptHandler.NpsQuestion],
            await telegram.BotTextsAsync(bot, user.Id));
        Assert.Equal("inline", nps.Keyboard!.Kind);
        Assert.Equal(Enumerable.Range(0, 11).Select(score => $"nps:{first.EntryId}:{score}"), nps.Keyboard.Buttons.Select(b => b.CallbackData));
        Assert.Equal(Enumerable.Range(0, 11).Select(score => $"{score}"), nps.Keyboard.Buttons.Select(b => b.Text));
    }

    [Fact]
    public async Task A_redemption_sends_the_client_a_receipt_with_the_new_balance()
    {
        var (bot, user, workers) = await ClientOfPartnerOneAsync();
        await using var _ = workers;

        PointsRedeemedIntegrationEvent? redeemed = null;
        var result = await workers.Ledger.RedeemAsync(new RedemptionRequest(user.Id, 1, 40, "spend-1"), async (context, ct) =>
        {
            redeemed = new PointsRedeemedIntegrationEvent(context.Result.EntryId!.Value, user.Id, 1, -context.Result.Points, context.Result.BalanceAfter);
            await OutboxWriter.WriteAsync(context.Connection, context.Transaction, [redeemed], ct);
        }, Ct);
        var receipt = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, timeout: Wait, cancellationToken: Ct);

        Assert.Equal(LedgerStatus.Applied, result.Status);
        Assert.Equal("-40 points spent. Balance: 60 points.", receipt.Text);
        Assert.Equal(PointsRedeemedReceiptHandler.Receipt(redeemed!), receipt.Text);
    }

    [Fact]
    public async Task Application_decisions_and_moderation_results_reach_the_partner_through_the_partner_bot()
    {
        var (client, partner) = (await telegram.NewBotAsync(), await telegram.NewBotAsync());
        var owners = await telegram.UsersAsync(partner, 2);
        var (applicant, owner) = (owners[0], owners[1]);
        await using var workers = await WorkersHost.CreateAsync(telegram, client, partner, client);
        await workers.AddPartnerAsync(owner.Id, "Spa");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var promotion = new Promotion
        {
            PartnerId = owner.Id, Title = "Massage -20%", Type = PromotionType.Discount, Price = 100m,
            StartsOn = today, EndsOn = today.AddDays(7), CreatedAt = DateTime.UtcNow,
        };
        await workers.AddAsync(promotion);
        await workers.StartAsync();

        await workers.Bus.PublishAsync(new PartnerApplicationDecidedIntegrationEvent(3, applicant.Id, false, "No address given.", null), Ct);
        await workers.Bus.PublishAsync(new PartnerApplicationDecidedIntegrationEvent(4, owner.Id, true, null, owner.Id), Ct);
        await workers.Bus.PublishAsync(new ContentModeratedIntegrationEvent(ModeratedContentKind.Promotion, promotion.Id, owner.Id, true, null), Ct);
        await workers.Bus.PublishAsync(new ContentModeratedIntegrationEvent(ModeratedContentKind.Service, 99, owner.Id, false, "Blurry photo."), Ct);
        await telegram.Sandbox.WaitForBotMessageAsync(partner.Name, owner.Id, after: 2, timeout: Wait, cancellationToken: Ct);
        await telegram.Sandbox.WaitForBotMessageAsync(partner.Name, applicant.Id, timeout: Wait, cancellationToken: Ct);

        Assert.Equal(["Your partner application was rejected. Reason: No address given."], await telegram.BotTextsAsync(partner, applicant.Id));
        Assert.Equal(
        [
            "Your partner application was approved. Welcome aboard! Open the menu to set up your profile.",
            "Your promotion \"Massage -20%\" was approved and is now visible to clients.",
            "Your service \"#99\" was rejected. Reason: Blurry photo.",
        ], await telegram.BotTextsAsync(partner, owner.Id));
        Assert.Equal(0, (await telegram.Sandbox.GetCountersAsync(client.Name, Ct)).MessagesSent);
    }

    [Fact]
    public async Task Client_and_partner_messages_reach_the_other_side_and_the_partner_gets_a_reply_button()
    {
        var (clientBot, partnerBot) = (await telegram.NewBotAsync(), await telegram.NewBotAsync());
        var client = (await telegram.UsersAsync(clientBot, 1))[0];
        var owner = (await telegram.UsersAsync(partnerBot, 1))[0];
        await using var workers = await WorkersHost.CreateAsync(telegram, clientBot, partnerBot, partnerBot);
        await workers.AddPartnerAsync(owner.Id, "Spa");
        await workers.RegisterAsync(client.Id, name: "Ann");
        var question = await AddMessageAsync(workers, client.Id, owner.Id, "Client", "Are you open on Sunday?");
        var answer = await AddMessageAsync(workers, client.Id, owner.Id, "Partner", "Yes, 10 to 18.");
        await workers.StartAsync();

        await workers.Bus.PublishAsync(new ClientMessageSentIntegrationEvent(question, client.Id, owner.Id, FromClient: true), Ct);
        await workers.Bus.PublishAsync(new ClientMessageSentIntegrationEvent(answer, client.Id, owner.Id, FromClient: false), Ct);
        var toPartner = await telegram.Sandbox.WaitForBotMessageAsync(partnerBot.Name, owner.Id, timeout: Wait, cancellationToken: Ct);
        var toClient = await telegram.Sandbox.WaitForBotMessageAsync(clientBot.Name, client.Id, timeout: Wait, cancellationToken: Ct);

        Assert.Equal("Message from Ann:\nAre you open on Sunday?", toPartner.Text);
        Assert.Equal([new SandboxButton("Reply", $"reply:{client.Id}")], toPartner.Keyboard!.Buttons);
        Assert.Equal("Message from Spa:\nYes, 10 to 18.", toClient.Text);
        Assert.Null(toClient.Keyboard);
    }

    [Fact]
    public async Task An_admin_alert_reaches_every_configured_admin_once()
    {
        var (client, admin) = (await telegram.NewBotAsync(), await telegram.NewBotAsync());
        var admins = await telegram.UsersAsync(admin, 2);
        await using var workers = await WorkersHost.CreateAsync(telegram, client, client, admin, new()
        {
            ["Admin:TelegramIds:0"] = $"{admins[0].Id}",
            ["Admin:TelegramIds:1"] = $"{admins[1].Id}",
        });
        await workers.StartAsync();

        var alert = new AdminAlertIntegrationEvent("New partner application", "Spa (Hanoi) applied.");
        await workers.Bus.PublishAsync(alert, Ct);
        await workers.Bus.PublishAsync(alert, Ct);
        await workers.Bus.PublishAsync(new AdminAlertIntegrationEvent("Marker", "last"), Ct);
        foreach (var user in admins)
        {
            await telegram.Sandbox.WaitForBotMessageAsync(admin.Name, user.Id, m => m.Text!.StartsWith("⚠️ Marker", StringComparison.Ordinal), timeout: Wait, cancellationToken: Ct);
        }

        foreach (var user in admins)
        {
            Assert.Equal(["⚠️ New partner application\nSpa (Hanoi) applied.", "⚠️ Marker\nlast"], await telegram.BotTextsAsync(admin, user.Id));
        }
    }

    /// <summary>One bot playing client, partner and admin bot; a registered client who started it; partner 1; running workers.</summary>
    private async Task<(SandboxBot Bot, SandboxUser User, WorkersHost Workers)> ClientOfPartnerOneAsync()
    {
        var bot = await telegram.NewBotAsync();
        var user = (await telegram.UsersAsync(bot, 1))[0];
        var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot);
        await workers.AddPartnerAsync(1);
        await workers.RegisterAsync(user.Id);
        await workers.StartAsync();
        return (bot, user, workers);
    }

    private static async Task<long> AddMessageAsync(WorkersHost workers, long clientId, long partnerId, string sender, string text)
    {
        await using var command = workers.Database.CreateCommand("""
            INSERT INTO client_messages (client_id, partner_id, sender, kind, text, is_read, created_at)
            VALUES ($1, $2, $3, 'Text', $4, false, now()) RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clientId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = partnerId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sender });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = text });
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
