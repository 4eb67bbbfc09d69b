using LoyalityBot.Hosting;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.Extensions;

namespace LoyalityBot.Messaging.Tests;

/// <summary>The outage test: RabbitMQ stopped for 30 s while accruals continue; the outbox delivers everything after.</summary>
public sealed class BrokerOutageTests(LoyaltyDatabase db) : IClassFixture<LoyaltyDatabase>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Accruals_written_while_RabbitMQ_is_down_are_all_delivered_once_after_it_returns()
    {
        // A broker of this test's own, so stopping it disturbs no other test.
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("rabbitmq-outage");
        var rabbit = builder.AddRabbitMQ("messaging");
        await using var broker = builder.Build();
        await broker.StartAsync(TestContext.Current.CancellationToken);
        await broker.WaitForResourceHealthyAsync("messaging", TestContext.Current.CancellationToken);
        var settings = BusHost.Isolated(rabbit.Resource.ConnectionStringExpression.GetValue()!);
        await using var worker = await BusHost.StartAsync(settings,
            bus => bus.AddSubscription<PointsAccruedIntegrationEvent, AccrualEffectHandler>(), db.Database, relay: true);
        var clientId = await db.RegisterClientAsync();
        var events = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            await db.AccrueAsync(clientId, $"before-{clientId}-{i}", e => events.Add(e.Id));
        }
        await db.WaitForAsync(events.Count, Timeout, "SELECT count(*) FROM accrual_effects WHERE event_id = ANY($1)", events.ToArray());

        await broker.Orchestrator.StopResourceAsync("messaging");
        var stoppedUntil = DateTime.UtcNow + Outage;
        var during = 0;
        while (DateTime.UtcNow < stoppedUntil)
        {
            await db.AccrueAsync(clientId, $"during-{clientId}-{during++}", e => events.Add(e.Id));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        // Nothing could be published meanwhile: the events wait in the outbox.
        Assert.Equal(during, await db.ScalarAsync("SELECT count(*) FROM integration_event_outbox WHERE event_id = ANY($1) AND sent_at IS NULL", events.ToArray()));
        await broker.Orchestrator.StartResourceAsync("messaging");

        await db.WaitForAsync(events.Count, Timeout, "SELECT count(*) FROM accrual_effects WHERE event_id = ANY($1)", events.ToArray());
        await db.WaitForAsync(0, Timeout, "SELECT count(*) FROM integration_event_outbox WHERE event_id = ANY($1) AND sent_at IS NULL", events.ToArray());
        Assert.True(during > 100, $"Only {during} accruals ran during the outage.");
        Assert.Equal(events.Count, await db.ScalarAsync("SELECT count(DISTINCT event_id) FROM accrual_effects WHERE event_id = ANY($1)", events.ToArray()));
    }
}
