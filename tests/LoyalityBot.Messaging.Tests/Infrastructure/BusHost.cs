using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>
/// One service replica as the workers wire it (<c>AddRabbitMqEventBus</c> on the Aspire connection names), started
/// against the real broker. Tests isolate themselves with a unique exchange and consumer group per test.
/// </summary>
public sealed class BusHost : IAsyncDisposable
{
    private readonly IHost host;
    private bool stopped;

    private BusHost(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;
    public EventSink Sink => Services.GetRequiredService<EventSink>();
    public IEventBus Bus => Services.GetRequiredService<IEventBus>();
    public DeadLetterQueue DeadLetters => Services.GetRequiredService<DeadLetterQueue>();

    /// <summary>Settings for a fresh, isolated topology: fast retries (100 ms, 200 ms) and three attempts.</summary>
    public static Dictionary<string, string?> Isolated(string rabbitMQ, string? group = null) => new()
    {
        ["ConnectionStrings:messaging"] = rabbitMQ,
        ["EventBus:ExchangeName"] = $"test_{Guid.NewGuid():N}",
        ["EventBus:SubscriptionClientName"] = group ?? $"group_{Guid.NewGuid():N}",
        ["EventBus:MaxAttempts"] = "3",
        ["EventBus:RetryDelays:0"] = "00:00:00.100",
        ["EventBus:RetryDelays:1"] = "00:00:00.200",
        ["EventBus:ShutdownTimeout"] = "00:00:05",
        ["Outbox:PollInterval"] = "00:00:00.050",
        ["Outbox:MaxBackoff"] = "00:00:01",
    };

    public static async Task<BusHost> StartAsync(
        IDictionary<string, string?> settings,
        Action<IEventBusBuilder>? subscribe = null,
        TestDatabase? database = null,
        bool relay = false,
        EventSink? sink = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        if (database is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:loyalty"] = database.ConnectionString,
                ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            });
            builder.AddLoyaltyData();
        }
        builder.Services.AddSingleton(sink ?? new EventSink());
        var eventBus = builder.AddRabbitMqEventBus("messaging");
        (subscribe ?? (bus => bus.AddSubscription<SomethingHappenedIntegrationEvent, RecordingHandler>()))(eventBus);
        if (relay)
        {
            eventBus.AddOutboxRelay();
        }
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new BusHost(host);
    }

    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await host.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        // The bus's channels are async-disposable only.
        await ((IAsyncDisposable)host).DisposeAsync();
    }
}
