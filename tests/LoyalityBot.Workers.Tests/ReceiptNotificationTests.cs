using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.IntegrationEvents.EventHandling;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Workers.Tests;

/// <summary>The whole path with the workers' own registration: ledger + outbox → relay → RabbitMQ → receipt handler → gateway → Telegram.</summary>
public sealed class ReceiptNotificationTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_accrual_sends_the_client_one_receipt_even_when_its_event_is_delivered_twice()
    {
        var bot = await telegram.NewBotAsync();
        var user = (await telegram.UsersAsync(bot, 1))[0];
        await using var worker = await WorkerHost.CreateAsync(telegram, new Dictionary<string, SandboxBot> { ["Client"] = bot });
        var host = worker.Host;
        await worker.WithDbAsync(async db =>
        {
            db.Partners.Add(new Partner { Id = 1, Name = "Coffee", Category = "cafe", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        var ledger = host.Services.GetRequiredService<LedgerService>();
        Assert.True((await ledger.RegisterClientAsync(new ClientRegistration(user.Id, "Ann"), cancellationToken: Ct)).Succeeded);
        await host.StartAsync(Ct);

        var first = await AccrueAsync(ledger, user.Id, "purchase-1");
        var receipt = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, timeout: TimeSpan.FromSeconds(20), cancellationToken: Ct);
        // The same event again, as after a relay crash; then a second accrual, handled after it.
        await host.Services.GetRequiredService<IEventBus>().PublishAsync(first, Ct);
        var second = await AccrueAsync(ledger, user.Id, "purchase-2");
        await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, user.Id, m => m.Text == PointsAccruedReceiptHandler.Receipt(second), timeout: TimeSpan.FromSeconds(20), cancellationToken: Ct);
        await host.StopAsync(Ct);

        Assert.Equal(PointsAccruedReceiptHandler.Receipt(first), receipt.Text);
        Assert.Equal(
            [PointsAccruedReceiptHandler.Receipt(first), PointsAccruedReceiptHandler.Receipt(second)],
            (await telegram.Sandbox.GetTranscriptAsync(bot.Name, user.Id, Ct)).Messages.Where(m => m.From == TranscriptEntry.FromBot).Select(m => m.Text));
    }

    private static async Task<PointsAccruedIntegrationEvent> AccrueAsync(LedgerService ledger, long clientId, string key)
    {
        PointsAccruedIntegrationEvent? accrued = null;
        var result = await ledger.AccrueAsync(new AccrualRequest(clientId, 1, 100m, "USD", key), async (context, ct) =>
        {
            accrued = new PointsAccruedIntegrationEvent(context.Result.EntryId!.Value, clientId, 1, context.Result.Points, context.Result.BalanceAfter);
            await OutboxWriter.WriteAsync(context.Connection, context.Transaction, [accrued], ct);
        }, Ct);
        Assert.Equal(LedgerStatus.Applied, result.Status);
        return accrued!;
    }
}
