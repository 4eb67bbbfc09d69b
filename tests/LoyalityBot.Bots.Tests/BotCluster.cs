using System.Globalization;
using System.Text;
using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Payments;
using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.TelegramSandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Telegram.Bot;

namespace LoyalityBot.Bots.Tests;

/// <summary>
/// The stage of every test here: the Telegram sandbox (flood limits off) → a round-robin load balancer → three bot
/// replicas, each its own process, on the real Postgres (a database of its own) and Redis test servers. The replicas
/// set the webhooks themselves at start, as in production. Tests play users through the sandbox's control API.
/// </summary>
public class BotCluster : IAsyncLifetime
{
    public const int Replicas = 3;
    public const long AdminId = 990_000_001;

    /// <summary>
    /// Admins besides <see cref="AdminId"/>: <c>AdminId + 1</c> … <c>AdminId + OtherAdmins</c>. Tests running side by side
    /// each take their own, so their conversations (state, rate limits) do not interleave.
    /// </summary>
    public const int OtherAdmins = 5;

    private static long lastUserId = 800_000_000 + (Environment.ProcessId % 1000) * 100_000;

    private WebApplication sandboxApp = null!;
    private IHost data = null!;
    private LoadBalancer balancer = null!;
    private readonly BotReplica?[] replicas = new BotReplica?[Replicas];
    private Uri[] replicaAddresses = [];
    private Dictionary<string, string> environment = [];
    private ConnectionMultiplexer redisConnection = null!;

    public SandboxClient Sandbox { get; private set; } = null!;
    public Uri SandboxAddress { get; private set; } = null!;
    public Uri BalancerAddress => balancer.BaseAddress;
    public string WebhookSecret { get; } = $"secret_{Guid.NewGuid():N}";
    public string PaymentSigningKey { get; } = $"{Guid.NewGuid():N}{Guid.NewGuid():N}";
    public Dictionary<string, SandboxBot> Bots { get; } = [];
    public IServiceProvider Services => data.Services;
    public LedgerService Ledger => data.Services.GetRequiredService<LedgerService>();
    public PaymentTokenCodec PaymentTokens => data.Services.GetRequiredService<PaymentTokenCodec>();

    /// <summary>The Mini App catalog's generation as the replicas bump it (this stage's own <c>Cache:KeyPrefix</c>).</summary>
    public CatalogGeneration Catalog { get; private set; } = null!;

    /// <summary>
    /// Overrides of the replicas' configuration, for a test class that needs other limits. Every stage uses the same
    /// Redis database: stages are separate deployments whose bots have other tokens, hence other key prefixes.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        // Conversations here are quick and long; the limits' shape is the same, only roomier (WebhookTests checks them).
        ["BotPipeline__MessagesPerMinute"] = "40",
        ["BotPipeline__CommandsPerMinute"] = "20",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var botIds = Enumerable.Range(0, 3).Select(_ => Random.Shared.NextInt64(100_000_000, 999_999_999)).ToArray();
        var names = new[] { "client", "partner", "admin" };
        var sandboxConfig = new Dictionary<string, string?>
        {
            ["TelegramSandbox:Limits:Enabled"] = "false",
            ["TelegramSandbox:Webhook:RetryBaseDelay"] = "00:00:00.200",
            ["TelegramSandbox:Webhook:RetryMaxDelay"] = "00:00:02",
            // A cold replica on a busy 2-core machine may take seconds for its first update (EF Core builds its model).
            ["TelegramSandbox:Webhook:Timeout"] = "00:01:00",
        };
        for (var i = 0; i < names.Length; i++)
        {
            sandboxConfig[$"TelegramSandbox:Bots:{i}:Name"] = names[i];
            sandboxConfig[$"TelegramSandbox:Bots:{i}:Token"] = $"{botIds[i]}:{Guid.NewGuid():N}";
            sandboxConfig[$"TelegramSandbox:Bots:{i}:Username"] = $"test_{names[i]}_{botIds[i]}_bot";
        }
        sandboxApp = await SandboxHost.StartAsync(sandboxConfig, Ct);
        SandboxAddress = sandboxApp.BaseAddress();
        Sandbox = new SandboxClient(SandboxAddress);
        foreach (var bot in await Sandbox.GetBotsAsync(Ct))
        {
            Bots[bot.Name] = bot;
        }

        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("bots", Ct);
        var redis = (await TestServers.RedisAsync()).ConnectionString;
        var cachePrefix = $"test-{Guid.NewGuid():N}:";
        redisConnection = await ConnectionMultiplexer.ConnectAsync(redis);
        Catalog = new CatalogGeneration(redisConnection, cachePrefix);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["Payments:SigningKey"] = PaymentSigningKey,
        });
        builder.AddLoyaltyData();
        builder.AddPaymentTokens();
        data = builder.Build();
        await using (var scope = data.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync(Ct);
        }

        replicaAddresses = Enumerable.Range(0, Replicas).Select(_ => new Uri($"http://127.0.0.1:{PortAllocator.Allocate()}")).ToArray();
        balancer = await LoadBalancer.StartAsync(replicaAddresses, Ct);
        environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__loyalty"] = database.ConnectionString,
            // The replicas read their own writes in these tests: the catalog path reads the primary too.
            ["ConnectionStrings__loyalty-readonly"] = database.ConnectionString,
            ["ConnectionStrings__cache"] = redis,
            ["Cache__KeyPrefix"] = cachePrefix,
            ["Telegram__ApiBaseUrl"] = SandboxAddress.ToString(),
            ["Telegram__WebhookBaseUrl"] = BalancerAddress.ToString(),
            ["Telegram__WebhookSecret"] = WebhookSecret,
            ["Payments__SigningKey"] = PaymentSigningKey,
            ["BotPipeline__LockExpiry"] = "00:00:05",
        };
        for (var i = 0; i <= OtherAdmins; i++)
        {
            environment[$"Admin__TelegramIds__{i}"] = (AdminId + i).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var bot in Bots.Values)
        {
            environment[$"Telegram__Bots__{bot.Name}__Token"] = bot.Token;
            environment[$"Telegram__Bots__{bot.Name}__Username"] = bot.Username;
        }
        foreach (var (key, value) in Settings)
        {
            environment[key] = value;
        }
        await StartReplicasAsync();
        for (var i = 0; i <= OtherAdmins; i++)
        {
            await Sandbox.CreateUserAsync(new CreateUserRequest($"Admin{i}", Id: AdminId + i), Ct);
        }
    }

    /// <summary>Starts every replica that is not running, and waits until every bot's webhook is set.</summary>
    public async Task StartReplicasAsync()
    {
        await Task.WhenAll(Enumerable.Range(0, Replicas).Where(i => replicas[i] is null || replicas[i]!.HasExited).Select(async i =>
        {
            if (replicas[i] is { } old)
            {
                await old.DisposeAsync();
            }
            replicas[i] = await BotReplica.StartAsync(replicaAddresses[i], environment, Ct);
        }));
        foreach (var bot in Bots.Values)
        {
            var client = new TelegramBotClient(new TelegramBotClientOptions(bot.Token, SandboxAddress.ToString()));
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (string.IsNullOrEmpty((await client.GetWebhookInfo(Ct)).Url))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The webhook of bot {bot.Name} was not set.");
                await Task.Delay(100, Ct);
            }
        }
    }

    public Task KillReplicaAsync(int index) => replicas[index]!.KillAsync();

    public async Task KillAllReplicasAsync()
    {
        for (var i = 0; i < Replicas; i++)
        {
            await KillReplicaAsync(i);
        }
    }

    /// <summary>A fresh sandbox user (unique across the tests of this run).</summary>
    public Task<SandboxUser> NewUserAsync(string name = "Ann", string? languageCode = null) =>
        Sandbox.CreateUserAsync(new CreateUserRequest(name, Id: Interlocked.Increment(ref lastUserId), LanguageCode: languageCode,
            PhoneNumber: $"+1555{Interlocked.Read(ref lastUserId) % 10_000_000:D7}"), Ct);

    public async Task<int> BotMessageCountAsync(string bot, long userId) =>
        (await Sandbox.GetTranscriptAsync(bot, userId, Ct)).Messages.Count(m => m is { Kind: TranscriptEntry.MessageKind, From: TranscriptEntry.FromBot });

    /// <summary>Does <paramref name="act"/> as the user and returns the bot's next message (matching, if given).</summary>
    public async Task<TranscriptEntry> ExpectReplyAsync(string bot, long userId, Func<Task> act, Func<TranscriptEntry, bool>? match = null, int timeoutSeconds = 60)
    {
        var before = await BotMessageCountAsync(bot, userId);
        await act();
        try
        {
            return await Sandbox.WaitForBotMessageAsync(bot, userId, match, after: before, timeout: TimeSpan.FromSeconds(timeoutSeconds), cancellationToken: Ct);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException && !Ct.IsCancellationRequested)
        {
            var transcript = (await Sandbox.GetTranscriptAsync(bot, userId, Ct)).Messages.Select(m => $"{m.From}: {m.Text ?? m.CallbackData}");
            var counters = await Sandbox.GetCountersAsync(bot, Ct);
            var webhook = await new TelegramBotClient(new TelegramBotClientOptions(Bots[bot].Token, SandboxAddress.ToString())).GetWebhookInfo(Ct);
            throw new TimeoutException($"{e.Message}\nTranscript:\n{string.Join('\n', transcript)}\nCounters: {counters}\n"
                + $"Webhook: {webhook.PendingUpdateCount} pending, last error {webhook.LastErrorMessage}\nReplicas:\n"
                + string.Join('\n', replicas.OfType<BotReplica>().SelectMany(r => r.Output.Where(l => l.Contains("Exception", StringComparison.Ordinal)
                    || l.StartsWith("fail", StringComparison.Ordinal) || l.StartsWith("warn", StringComparison.Ordinal)).Take(10))), e);
        }
    }

    public Task<TranscriptEntry> SayAsync(string bot, long userId, string text, Func<TranscriptEntry, bool>? match = null) =>
        ExpectReplyAsync(bot, userId, () => Sandbox.SendTextAsync(bot, userId, text, Ct), match);

    public Task<TranscriptEntry> PressAsync(string bot, long userId, string callbackData, Func<TranscriptEntry, bool>? match = null) =>
        ExpectReplyAsync(bot, userId, () => Sandbox.PressInlineButtonAsync(bot, userId, new PressInlineButtonRequest(CallbackData: callbackData), Ct), match);

    /// <summary>A callback press with any data (stale or forged: no such button need exist), straight to the webhook; the bot's next message.</summary>
    public Task<TranscriptEntry> PressAnyAsync(string bot, long userId, string callbackData, Func<TranscriptEntry, bool>? match = null) =>
        ExpectReplyAsync(bot, userId, async () => Assert.Equal(200, await PostUpdateAsync(bot, Updates.Callback(Random.Shared.Next(1_000_000, int.MaxValue), userId, callbackData))), match);

    /// <summary>Registers a new client through the client bot: /start [payload], share contact.</summary>
    public async Task<SandboxUser> RegisterClientAsync(string name = "Ann", string? payload = null, string? languageCode = null)
    {
        var user = await NewUserAsync(name, languageCode);
        await ExpectReplyAsync("client", user.Id, () => Sandbox.StartAsync("client", user.Id, payload, Ct), m => m.Keyboard?.Buttons.Any(b => b.RequestContact) == true);
        await ExpectReplyAsync("client", user.Id, () => Sandbox.ShareContactAsync("client", user.Id, Ct), m => m.Text?.Contains("100", StringComparison.Ordinal) == true);
        return user;
    }

    /// <summary>An active partner (a sandbox user who started the partner bot), created directly in the database.</summary>
    public async Task<SandboxUser> NewPartnerAsync(string name = "Coffee", int? cityId = null)
    {
        var user = await NewUserAsync(name);
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        db.Partners.Add(new Domain.Model.Partner { Id = user.Id, Name = name, Category = "cafe", CashbackPercent = 10m, CityId = cityId, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Ct);
        return user;
    }

    /// <summary>POSTs a raw update to the load balancer's webhook, as Telegram (or an attacker) would; returns the status.</summary>
    public async Task<int> PostUpdateAsync(string bot, string json, string? secret = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BalancerAddress, $"telegram/{bot}"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret ?? WebhookSecret);
        using var response = await Http.SendAsync(request, Ct);
        return (int)response.StatusCode;
    }

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(90) };

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>An available city with a unique name (tests share one database, and a known city list changes what the bots accept).</summary>
    public Task<City> NewCityAsync(string name = "Kutaisi") => QueryAsync(async db =>
    {
        var city = new City { Name = $"{name}{Guid.NewGuid().ToString("N")[..8]}", CountryCode = "GE", Currency = "GEL", IsAvailable = true, CreatedAt = DateTime.UtcNow };
        db.Cities.Add(city);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return city;
    });

    public async Task<T> QueryAsync<T>(Func<LoyaltyDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in replicas.OfType<BotReplica>())
        {
            await replica.DisposeAsync();
        }
        await balancer.DisposeAsync();
        data.Dispose();
        await sandboxApp.DisposeAsync();
        await redisConnection.DisposeAsync();
        Http.Dispose();
        GC.SuppressFinalize(this);
    }
}
