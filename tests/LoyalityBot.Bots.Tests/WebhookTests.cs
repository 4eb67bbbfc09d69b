using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>The webhook's guards and the per-user limits, through the load balancer.</summary>
public sealed class WebhookTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_the_secret_token_an_update_is_401_malformed_json_is_400_and_an_unknown_bot_is_404()
    {
        var update = Updates.Text(5, 1, "/start", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(401, await cluster.PostUpdateAsync("client", update, secret: "wrong"));
        Assert.Equal(401, await cluster.PostUpdateAsync("client", update, secret: ""));
        Assert.Equal(400, await cluster.PostUpdateAsync("client", "{not json"));
        Assert.Equal(400, await cluster.PostUpdateAsync("client", "[1,2,3]"));
        Assert.Equal(400, await cluster.PostUpdateAsync("client", "{\"update_id\":\"x\"}"));
        Assert.Equal(404, await cluster.PostUpdateAsync("nobody", update));
    }

    [Fact]
    public async Task A_duplicate_delivery_of_an_accrual_confirmation_is_applied_once()
    {
        var partner = await cluster.NewPartnerAsync();
        var ann = await cluster.RegisterClientAsync("Ann");
        var code = await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == ann.Id).Select(c => c.ReferralCode).SingleAsync(Ct));
        await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.StartAsync("partner", partner.Id, $"client_{code}", Ct));
        await cluster.PressAsync("partner", partner.Id, "op:a");
        var confirm = await cluster.PressAsync("partner", partner.Id, "amt:100");

        // Telegram redelivers the same update (same update_id, same callback id) to different replicas at once.
        var press = Updates.Callback(2_000_000_000, partner.Id, confirm.Keyboard!.Buttons.First().CallbackData!);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => cluster.PostUpdateAsync("partner", press)));

        Assert.All(statuses, status => Assert.True(status is 200 or 503, $"status {status}"));
        Assert.Equal(200, await cluster.PostUpdateAsync("partner", press));
        var accruals = await cluster.QueryAsync(db => db.LedgerEntries.CountAsync(e => e.ClientId == ann.Id && e.Kind == LedgerEntryKind.Accrual, Ct));
        Assert.Equal(1, accruals);
        Assert.Equal(110, await cluster.QueryAsync(db => db.PointAccounts.Where(a => a.ClientId == ann.Id).Select(a => a.Balance).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Over_the_command_limit_the_user_is_told_when_to_retry()
    {
        var ann = await cluster.RegisterClientAsync("Ann");
        // 20 commands a minute here (5 in production), a burst of 20, one more every 3 s: /start used one.
        var allowed = 0;
        TranscriptEntry reply;
        while (!(reply = await cluster.SayAsync("client", ann.Id, "/balance")).Text!.StartsWith("Слишком", StringComparison.Ordinal))
        {
            Assert.StartsWith("Баланс: 100", reply.Text);
            Assert.True(++allowed < 60, "The command limit never refused.");
        }
        Assert.InRange(allowed, 19, 59);
        Assert.Matches("Слишком много команд. Попробуйте снова через \\d+ с", reply.Text);
    }

    [Fact]
    public async Task Photos_where_text_is_expected_and_very_long_texts_get_a_helpful_answer()
    {
        var partner = await cluster.NewPartnerAsync();
        await cluster.SayAsync("partner", partner.Id, "/find");
        var png = LoyalityBot.Domain.Cards.QrCodePng.Render("x");
        var photo = await cluster.ExpectReplyAsync("partner", partner.Id, () => cluster.Sandbox.SendPhotoAsync("partner", partner.Id, png, cancellationToken: Ct));
        Assert.Contains("код клиента", photo.Text);
        var owner = await cluster.NewUserAsync("Long");
        await cluster.SayAsync("partner", owner.Id, "/apply");
        Assert.Contains("Слишком длинный", (await cluster.SayAsync("partner", owner.Id, new string('x', 4000))).Text);
    }
}
