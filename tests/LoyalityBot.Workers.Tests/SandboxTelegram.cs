using LoyalityBot.Hosting.Testing;
using LoyalityBot.TelegramSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// The Telegram sandbox in-process with Telegram's default flood limits on (it counts every 429), and gateway
/// replicas: each a host of its own wired like the workers, sharing the real Redis test server.
/// </summary>
public sealed class SandboxTelegram : IAsyncLifetime
{
    private WebApplication app = null!;
    private readonly List<IHost> gateways = [];
    private long lastUserId = 700_000;

    public Uri BaseAddress { get; private set; } = null!;
    public SandboxClient Sandbox { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        app = await SandboxHost.StartAsync(new Dictionary<string, string?> { ["TelegramSandbox:Limits:Enabled"] = "true" });
        BaseAddress = app.BaseAddress();
        Sandbox = new SandboxClient(BaseAddress);
    }

    /// <summary>A bot of the test's own (so are its Redis limiter keys, which use the bot's name).</summary>
    public Task<SandboxBot> NewBotAsync() =>
        Sandbox.CreateBotAsync($"gw{Guid.NewGuid():N}"[..16], cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Fresh users who started <paramref name="bot"/>, so it may message them.</summary>
    public async Task<SandboxUser[]> UsersAsync(SandboxBot bot, int count)
    {
        var users = new SandboxUser[count];
        for (var i = 0; i < count; i++)
        {
            users[i] = await Sandbox.CreateUserAsync(new CreateUserRequest("User", Id: Interlocked.Increment(ref lastUserId)), TestContext.Current.CancellationToken);
            await Sandbox.StartAsync(bot.Name, users[i].Id, cancellationToken: TestContext.Current.CancellationToken);
        }
        return users;
    }

    /// <summary>The texts <paramref name="bot"/> sent the user, oldest first.</summary>
    public async Task<List<string?>> BotTextsAsync(SandboxBot bot, long userId) =>
        (await Sandbox.GetTranscriptAsync(bot.Name, userId, TestContext.Current.CancellationToken)).Messages
            .Where(m => m.From == TranscriptEntry.FromBot).Select(m => m.Text).ToList();

    public async Task<TelegramGateway> GatewayAsync(SandboxBot bot, Dictionary<string, string?>? settings = null, string? apiBaseUrl = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            ["Telegram:ApiBaseUrl"] = apiBaseUrl ?? BaseAddress.ToString(),
            [$"Telegram:Bots:{bot.Name}:Token"] = bot.Token,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddRedisClient("cache");
        builder.AddRedisCoordination();
        builder.AddTelegramGateway();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        gateways.Add(host);
        return host.Services.GetRequiredService<TelegramGateway>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in gateways)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        await app.DisposeAsync();
    }
}
