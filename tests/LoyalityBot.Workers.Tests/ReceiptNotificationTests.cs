using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Extensions;
using LoyalityBot.Workers.IntegrationEvents.EventHandling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("workers", Ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            ["ConnectionStrings:messaging"] = (await TestServers.RabbitMQAsync()).ConnectionString,
            ["EventBus:ExchangeName"] = $"test_{Guid.NewGuid():N}",
            ["EventBus:SubscriptionClientName"] = $"workers_{Guid.NewGuid():N}",
            // One at a time, so the queue's order is the handling order.
            ["EventBus:ConsumerConcurrency"] = "1",
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            [$"Telegram:Bots:{bot.Name}:Token"] = bot.Token,
            ["Notifications:ClientBot"] = bot.Name,
        });
        builder.AddApplicationServices();
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
            await db.Database.MigrateAsync(Ct);
            db.Partners.Add(new Partner { Id = 1, Name = "Coffee", Category = "cafe", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        }
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
