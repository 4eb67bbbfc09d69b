using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// A worker replica wired exactly like the service (<c>AddApplicationServices</c>) on a fresh migrated database of
/// its own, its own exchange and queue on the real RabbitMQ, the real Redis, and sandbox bots standing in for the
/// client, partner and admin bots. Handlers run one at a time, so the queue's order is the handling order.
/// </summary>
public sealed class WorkersHost : IAsyncDisposable
{
    private readonly IHost host;

    private WorkersHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;
    public LedgerService Ledger => host.Services.GetRequiredService<LedgerService>();
    public IEventBus Bus => host.Services.GetRequiredService<IEventBus>();
    public NpgsqlDataSource Database => host.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>The bots: client, partner, admin (the same sandbox bot may play several).</summary>
    public static async Task<WorkersHost> CreateAsync(SandboxTelegram telegram, SandboxBot client, SandboxBot partner, SandboxBot admin,
        Dictionary<string, string?>? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("workers", ct);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            ["ConnectionStrings:messaging"] = (await TestServers.RabbitMQAsync()).ConnectionString,
            ["EventBus:ExchangeName"] = $"test_{Guid.NewGuid():N}",
            ["EventBus:SubscriptionClientName"] = $"workers_{Guid.NewGuid():N}",
            ["EventBus:ConsumerConcurrency"] = "1",
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            [$"Telegram:Bots:{client.Name}:Token"] = client.Token,
            [$"Telegram:Bots:{partner.Name}:Token"] = partner.Token,
            [$"Telegram:Bots:{admin.Name}:Token"] = admin.Token,
            ["Notifications:ClientBot"] = client.Name,
            ["Notifications:PartnerBot"] = partner.Name,
            ["Notifications:AdminBot"] = admin.Name,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddApplicationServices();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync(ct);
        }
        return new WorkersHost(host);
    }

    public Task StartAsync() => host.StartAsync(TestContext.Current.CancellationToken);

    public Task AddPartnerAsync(long id, string name = "Coffee") =>
        AddAsync(new Partner { Id = id, Name = name, Category = "cafe", CreatedAt = DateTime.UtcNow });

    public async Task AddAsync(params object[] entities)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        db.AddRange(entities);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async Task<long> RegisterAsync(long clientId, long? referrer = null, string name = "Ann")
    {
        var result = await Ledger.RegisterClientAsync(new ClientRegistration(clientId, name, ReferrerClientId: referrer), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, result.Status.ToString());
        return clientId;
    }

    /// <summary>An accrual with its event written through the outbox in the ledger's transaction, as the bots do it.</summary>
    public async Task<PointsAccruedIntegrationEvent> AccrueAsync(long clientId, long partnerId, decimal purchase, string key)
    {
        PointsAccruedIntegrationEvent? accrued = null;
        var result = await Ledger.AccrueAsync(new AccrualRequest(clientId, partnerId, purchase, "USD", key), async (context, ct) =>
        {
            accrued = new PointsAccruedIntegrationEvent(context.Result.EntryId!.Value, clientId, partnerId, context.Result.Points, context.Result.BalanceAfter);
            await OutboxWriter.WriteAsync(context.Connection, context.Transaction, [accrued], ct);
        }, TestContext.Current.CancellationToken);
        Assert.Equal(LedgerStatus.Applied, result.Status);
        return accrued!;
    }

    public async Task<long> BalanceAsync(long clientId)
    {
        await using var command = Database.CreateCommand("SELECT balance FROM point_accounts WHERE client_id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clientId });
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync(CancellationToken.None);
        host.Dispose();
    }
}
