using System.Diagnostics;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Messaging.Tests;

public sealed class OutboxTests(LoyaltyDatabase db) : IClassFixture<LoyaltyDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static void Effects(IEventBusBuilder bus) => bus.AddSubscription<PointsAccruedIntegrationEvent, AccrualEffectHandler>();

    private async Task<BusHost> StartAsync(Dictionary<string, string?> settings, bool relay, Action<IEventBusBuilder>? subscribe = null) =>
        await BusHost.StartAsync(settings, subscribe ?? Effects, db.Database, relay);

    private static async Task<Dictionary<string, string?>> IsolatedAsync() =>
        BusHost.Isolated((await TestServers.RabbitMQAsync()).ConnectionString);

    [Fact]
    public async Task An_accrual_and_its_event_commit_together_and_the_relay_delivers_it_in_the_same_trace()
    {
        using var listener = EventBusTests.SampleEverything();
        using var source = new ActivitySource("LoyalityBot.Messaging.Tests");
        var clientId = await db.RegisterClientAsync();
        PointsAccruedIntegrationEvent? accrued = null;
        ActivityTraceId traceId;
        using (var request = source.StartActivity("partner bot: accrue"))
        {
            traceId = request!.TraceId;
            var result = await db.AccrueAsync(clientId, $"accrue-{clientId}", e => accrued = e);
            Assert.Equal(Domain.Ledger.LedgerStatus.Applied, result.Status);
        }
        Assert.NotNull(accrued);
        Assert.Equal(1, await db.ScalarAsync("SELECT count(*) FROM integration_event_outbox WHERE event_id = $1 AND sent_at IS NULL", accrued.Id));

        await using var host = await StartAsync(await IsolatedAsync(), relay: true);

        await db.WaitForAsync(1, Timeout, "SELECT count(*) FROM accrual_effects WHERE event_id = $1", accrued.Id);
        var delivery = Assert.Single(host.Sink.Deliveries, d => d.Event.Id == accrued.Id);
        Assert.Equal(accrued, delivery.Event);
        Assert.Equal(traceId, delivery.TraceId);
        await db.WaitForAsync(1, Timeout, "SELECT count(*) FROM integration_event_outbox WHERE event_id = $1 AND sent_at IS NOT NULL AND times_sent = 1", accrued.Id);
    }

    [Fact]
    public async Task A_rolled_back_accrual_leaves_no_event()
    {
        var clientId = await db.RegisterClientAsync();
        PointsAccruedIntegrationEvent? written = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.AccrueAsync(clientId, $"accrue-{clientId}", e =>
        {
            written = e;
            throw new InvalidOperationException("The caller fails after writing the event.");
        }));

        Assert.NotNull(written);
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM integration_event_outbox WHERE event_id = $1", written.Id));
        Assert.Equal(0, await db.ScalarAsync("SELECT count(*) FROM ledger_entries WHERE client_id = $1 AND kind = 'Accrual'", clientId));
    }

    [Fact]
    public async Task Two_relays_publish_each_event_once_and_the_consumers_apply_each_once()
    {
        var settings = await IsolatedAsync();
        await using var first = await StartAsync(settings, relay: true);
        await using var second = await StartAsync(settings, relay: true);

        var events = await db.WriteEventsAsync(2_000, perTransaction: 50);
        var ids = events.Select(e => e.Id).ToArray();

        await db.WaitForAsync(events.Count, Timeout, "SELECT count(*) FROM accrual_effects WHERE event_id = ANY($1)", ids);
        Assert.Equal(events.Count, await db.ScalarAsync("SELECT count(DISTINCT event_id) FROM accrual_effects WHERE event_id = ANY($1)", ids));
        // SKIP LOCKED: no row was claimed by both relays, so none was published twice.
        Assert.Equal(events.Count, await db.ScalarAsync("SELECT count(*) FROM integration_event_outbox WHERE event_id = ANY($1) AND sent_at IS NOT NULL AND times_sent = 1", ids));
        Assert.Equal(events.Count, first.Sink.Deliveries.Count + second.Sink.Deliveries.Count);
    }

    [Fact]
    public async Task A_relay_crash_between_publish_and_mark_only_causes_a_redelivery_that_is_applied_once()
    {
        var settings = await IsolatedAsync();
        await using var consumer = await StartAsync(settings, relay: false);
        var events = await db.WriteEventsAsync(50);
        // The crashed relay: it published every row, then died before its transaction marked them sent.
        var bus = consumer.Services.GetRequiredService<RabbitMQEventBus>();
        foreach (var @event in events)
        {
            await bus.PublishAsync(@event, TestContext.Current.CancellationToken);
        }

        await using var relay = await StartAsync(settings, relay: true, subscribe: _ => { });

        var ids = events.Select(e => e.Id).ToArray();
        await db.WaitForAsync(events.Count, Timeout, "SELECT count(*) FROM integration_event_outbox WHERE event_id = ANY($1) AND sent_at IS NOT NULL", ids);
        await consumer.Sink.WaitUntilAsync(s => s.Deliveries.Count == 2 * events.Count, Timeout);
        Assert.Equal(events.Count, await db.ScalarAsync("SELECT count(*) FROM accrual_effects WHERE event_id = ANY($1)", ids));
    }
}
