using LoyalityBot.Workers.IntegrationEvents.EventHandling;

namespace LoyalityBot.Workers.Tests;

/// <summary>Referral shares paid by the workers on the accrual's event: three levels, once, whatever the redeliveries.</summary>
public sealed class ReferralSharesTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_accrual_event_pays_the_three_uplines_8_4_2_percent_once_even_when_delivered_three_times()
    {
        var bot = await telegram.NewBotAsync();
        var buyer = (await telegram.UsersAsync(bot, 1))[0];
        await using var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot);
        await workers.AddPartnerAsync(1);
        var a = await workers.RegisterAsync(91_000_001);
        var b = await workers.RegisterAsync(91_000_002, referrer: a);
        var c = await workers.RegisterAsync(91_000_003, referrer: b);
        await workers.RegisterAsync(buyer.Id, referrer: c);
        var before = (a: await workers.BalanceAsync(a), b: await workers.BalanceAsync(b), c: await workers.BalanceAsync(c));
        await workers.StartAsync();

        // 2,000 USD at 5 % earns 100 points: shares 8, 4 and 2.
        var accrued = await workers.AccrueAsync(buyer.Id, 1, 2_000m, "purchase-1");
        await workers.Bus.PublishAsync(accrued, Ct);
        await workers.Bus.PublishAsync(accrued, Ct);
        // A later event: once its receipt arrives, the queue (one handler at a time) is through the redeliveries.
        var marker = await workers.AccrueAsync(buyer.Id, 1, 100m, "purchase-2");
        await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, buyer.Id, m => m.Text == PointsAccruedReceiptHandler.Receipt(marker),
            timeout: TimeSpan.FromSeconds(60), cancellationToken: Ct);

        Assert.Equal((before.a + 2, before.b + 4, before.c + 8), (await workers.BalanceAsync(a), await workers.BalanceAsync(b), await workers.BalanceAsync(c)));
        await using var shares = workers.Database.CreateCommand("SELECT count(*) FROM ledger_entries WHERE idempotency_key LIKE 'purchase-1/l_'");
        await using var mismatched = workers.Database.CreateCommand("""
            SELECT count(*) FROM point_accounts a
            WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e WHERE e.client_id = a.client_id)
            """);
        Assert.Equal(3L, await shares.ExecuteScalarAsync(Ct));
        Assert.Equal(0L, await mismatched.ExecuteScalarAsync(Ct));
    }
}
