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
/// its own, its own exchange and queue on the real RabbitMQ, the real Redis, sandbox bots standing in for the
/// client, partner and admin bots and, when asked for, a media root of its own. Handlers run one at a time, so the
/// queue's order is the handling order. The test starts it (<see cref="StartAsync"/>) when its data is in place.
/// </summary>
public sealed class WorkersHost : IAsyncDisposable
{
    private readonly IHost host;

    private WorkersHost(IHost host, TestDatabase testDatabase, string? mediaRoot)
    {
        this.host = host;
        TestDatabase = testDatabase;
        MediaRoot = mediaRoot;
    }

    public IServiceProvider Services => host.Services;
    public LedgerService Ledger => host.Services.GetRequiredService<LedgerService>();
    public IEventBus Bus => host.Services.GetRequiredService<IEventBus>();
    public NpgsqlDataSource Database => host.Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>The database's connection strings (primary and replica).</summary>
    public TestDatabase TestDatabase { get; }

    /// <summary>The media store's root (<c>Media:RootPath</c>) when created with <c>mediaRoot: true</c>; deleted on dispose.</summary>
    public string? MediaRoot { get; }

    /// <summary>The bots: client, partner, admin (the same sandbox bot may play several).</summary>
    public static Task<WorkersHost> CreateAsync(SandboxTelegram telegram, SandboxBot client, SandboxBot partner, SandboxBot admin,
        Dictionary<string, string?>? settings = null) =>
        CreateAsync(telegram, new Dictionary<string, SandboxBot> { ["Client"] = client, ["Partner"] = partner, ["Admin"] = admin }, settings);

    /// <summary>The bots by role (<c>Client</c>, <c>Partner</c>, <c>Admin</c>: <c>Notifications:{role}Bot</c>); roles left out keep their defaults.</summary>
    public static async Task<WorkersHost> CreateAsync(SandboxTelegram telegram, IReadOnlyDictionary<string, SandboxBot> bots,
        Dictionary<string, string?>? settings = null, bool mediaRoot = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("workers", ct);
        var media = mediaRoot ? Directory.CreateTempSubdirectory("workers-media-").FullName : null;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            // Hosts share Redis: their own catalog generation, so a test sees only its own bumps.
            ["Cache:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            ["ConnectionStrings:messaging"] = (await TestServers.RabbitMQAsync()).ConnectionString,
            ["EventBus:ExchangeName"] = $"test_{Guid.NewGuid():N}",
            ["EventBus:SubscriptionClientName"] = $"workers_{Guid.NewGuid():N}",
            ["EventBus:ConsumerConcurrency"] = "1",
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
        };
        if (media is not null)
        {
            configuration["Media:RootPath"] = media;
        }
        foreach (var (role, bot) in bots)
        {
            configuration[$"Telegram:Bots:{bot.Name}:Token"] = bot.Token;
            configuration[$"Notifications:{role}Bot"] = bot.Name;
        }
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddApplicationServices();
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync(ct);
        }
        return new WorkersHost(host, database, media);
    }

    public Task StartAsync() => host.StartAsync(TestContext.Current.CancellationToken);

    /// <summary>Runs <paramref name="work"/> on a scoped <see cref="LoyaltyDbContext"/> of the primary.</summary>
    public async Task WithDbAsync(Func<LoyaltyDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>());
    }

    public Task AddPartnerAsync(long id, string name = "Coffee") =>
        AddAsync(new Partner { Id = id, Name = name, Category = "cafe", CreatedAt = DateTime.UtcNow });

    public Task AddAsync(params object[] entities) => WithDbAsync(db =>
    {
        db.AddRange(entities);
        return db.SaveChangesAsync(TestContext.Current.CancellationToken);
    });

    /// <summary>The handler the event bus would resolve for <typeparamref name="TEvent"/>, to deliver an event by hand.</summary>
    public async Task DeliverAsync<TEvent>(TEvent @event) where TEvent : IntegrationEvent
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredKeyedService<IIntegrationEventHandler>(typeof(TEvent)).Handle(@event, TestContext.Current.CancellationToken);
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
        // Stopped only if the test started it: some tests deliver events by hand to a host that never ran.
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopped.IsCancellationRequested)
        {
            await host.StopAsync(CancellationToken.None);
        }
        host.Dispose();
        if (MediaRoot is not null)
        {
            Directory.Delete(MediaRoot, recursive: true);
        }
    }
}
