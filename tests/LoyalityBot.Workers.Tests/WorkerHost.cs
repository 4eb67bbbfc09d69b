using LoyalityBot.Domain.Data;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// A worker host wired by the workers' own <c>AddApplicationServices</c> on a fresh migrated database, the real
/// Redis and RabbitMQ test servers (exchange and queue of its own), the sandbox's bots and a media root of its own.
/// The test starts it when its data is in place.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private WorkerHost(IHost host, TestDatabase database, string mediaRoot)
    {
        Host = host;
        Database = database;
        MediaRoot = mediaRoot;
    }

    public IHost Host { get; }
    public TestDatabase Database { get; }
    public string MediaRoot { get; }
    public IServiceProvider Services => Host.Services;

    public static async Task<WorkerHost> CreateAsync(SandboxTelegram telegram, IReadOnlyDictionary<string, SandboxBot> bots,
        Dictionary<string, string?>? settings = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("workers", ct);
        var mediaRoot = Directory.CreateTempSubdirectory("workers-media-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
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
            ["Media:RootPath"] = mediaRoot,
        };
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
        return new WorkerHost(host, database, mediaRoot);
    }

    /// <summary>Runs <paramref name="work"/> on a scoped <see cref="LoyaltyDbContext"/> of the primary.</summary>
    public async Task WithDbAsync(Func<LoyaltyDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>());
    }

    /// <summary>The handler the event bus would resolve for <typeparamref name="TEvent"/>, to deliver an event by hand.</summary>
    public async Task DeliverAsync<TEvent>(TEvent @event) where TEvent : IntegrationEvent
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredKeyedService<IIntegrationEventHandler>(typeof(TEvent)).Handle(@event, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        var lifetime = Services.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopped.IsCancellationRequested)
        {
            await Host.StopAsync(CancellationToken.None);
        }
        Host.Dispose();
        Directory.Delete(MediaRoot, recursive: true);
    }
}
