using System.Diagnostics;
using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Workers.Broadcasts;
using LoyalityBot.Workers.Extensions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// One broadcast test's world: its own migrated database, a client bot and a partner bot in the class's sandbox
/// (bot limit raised to 1,000 msg/s so the tests stay short), and workers wired exactly like the real ones: in-process
/// hosts, or the Workers executable as a process of its own, to be killed.
/// </summary>
public sealed class BroadcastWorld : IAsyncDisposable
{
    public const string CityName = "Da Nang";

    // Users of these tests get ids of their own, far from the fixture's (700,001 on).
    private static long lastUserId = 5_000_000;

    private readonly SandboxTelegram telegram;
    private readonly List<IHost> hosts = [];
    private readonly List<Process> processes = [];
    private readonly string exchange = $"test_{Guid.NewGuid():N}";
    private readonly string group = $"workers_{Guid.NewGuid():N}";
    private readonly Dictionary<string, string?> settings;

    private BroadcastWorld(SandboxTelegram telegram, TestDatabase database, SandboxBot clientBot, SandboxBot partnerBot, Dictionary<string, string?> settings)
    {
        this.telegram = telegram;
        this.settings = settings;
        ClientBot = clientBot;
        PartnerBot = partnerBot;
        DataSource = NpgsqlDataSource.Create(database.ConnectionString);
    }

    public SandboxBot ClientBot { get; }
    public SandboxBot PartnerBot { get; }
    public NpgsqlDataSource DataSource { get; }
    public SandboxClient Sandbox => telegram.Sandbox;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<BroadcastWorld> CreateAsync(SandboxTelegram telegram)
    {
        await telegram.Sandbox.SetLimitsAsync(new SandboxLimits { PerBotPerSecond = 1000, PerBotBurst = 100 }, Ct);
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("broadcasts", Ct);
        var (clientBot, partnerBot) = (await telegram.NewBotAsync(), await telegram.NewBotAsync());
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = (await TestServers.RedisAsync()).ConnectionString,
            ["ConnectionStrings:messaging"] = (await TestServers.RabbitMQAsync()).ConnectionString,
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Telegram:ApiBaseUrl"] = telegram.BaseAddress.ToString(),
            [$"Telegram:Bots:{clientBot.Name}:Token"] = clientBot.Token,
            [$"Telegram:Bots:{partnerBot.Name}:Token"] = partnerBot.Token,
            ["Notifications:ClientBot"] = clientBot.Name,
            ["Broadcasts:ClientBot"] = clientBot.Name,
            ["Broadcasts:PartnerBot"] = partnerBot.Name,
            ["Broadcasts:LeaseTtl"] = "00:00:03",
            ["Broadcasts:ProgressInterval"] = "00:00:00.500",
            ["TelegramGateway:PerBotPerSecond"] = "1000",
            ["TelegramGateway:PerBotBurst"] = "20",
        };
        var world = new BroadcastWorld(telegram, database, clientBot, partnerBot, settings);
        await using var db = world.NewContext();
        await db.Database.MigrateAsync(Ct);
        db.Cities.Add(new City { Name = CityName, CountryCode = "VN", Currency = "VND", IsAvailable = true, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Ct);
        return world;
    }

    public LoyaltyDbContext NewContext() => new(LoyaltyDbContextOptions.For(DataSource));

    public BroadcastService Broadcasts(TimeProvider? clock = null) => new(DataSource, clock ?? TimeProvider.System);

    /// <summary>Sandbox users who started the client bot, saved as active clients shaped by <paramref name="shape"/>.</summary>
    public async Task<long[]> ClientsAsync(int count, Action<Client>? shape = null)
    {
        var users = await UsersAsync(ClientBot, count);
        await using var db = NewContext();
        foreach (var user in users)
        {
            var client = new Client { Id = user, Name = "Client", ReferralCode = $"c{user}", RegisteredAt = DateTime.UtcNow };
            shape?.Invoke(client);
            db.Clients.Add(client);
        }
        await db.SaveChangesAsync(Ct);
        return users;
    }

    /// <summary>A sandbox user who started the partner bot, saved as an active partner.</summary>
    public async Task<long> PartnerAsync(string category = "cafe", bool inCity = false)
    {
        var user = (await UsersAsync(PartnerBot, 1))[0];
        await using var db = NewContext();
        int? city = inCity ? (await db.Cities.SingleAsync(c => c.Name == CityName, Ct)).Id : null;
        db.Partners.Add(new Partner { Id = user, Name = "Partner", Category = category, CityId = city, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(Ct);
        return user;
    }

    /// <summary>Fresh sandbox users who started <paramref name="bot"/>, created 8 at a time.</summary>
    private async Task<long[]> UsersAsync(SandboxBot bot, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Interlocked.Increment(ref lastUserId)).ToArray();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (id, ct) =>
        {
            await Sandbox.CreateUserAsync(new CreateUserRequest("User", Id: id), ct);
            await Sandbox.StartAsync(bot.Name, id, cancellationToken: ct);
        });
        return ids;
    }

    public async Task<int> CityIdAsync()
    {
        await using var db = NewContext();
        return (await db.Cities.SingleAsync(c => c.Name == CityName, Ct)).Id;
    }

    /// <summary>A visit: an accrual entry of <paramref name="clientId"/> at <paramref name="partnerId"/>.</summary>
    public async Task VisitAsync(long clientId, long partnerId)
    {
        await using var db = NewContext();
        db.LedgerEntries.Add(new LedgerEntry
        {
            ClientId = clientId, PartnerId = partnerId, Kind = LedgerEntryKind.Accrual, Amount = 5, BalanceAfter = 5,
            IdempotencyKey = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>The workers' own registration in this process, started; every call is another replica.</summary>
    public async Task<IHost> StartWorkerAsync(Dictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(Settings(overrides));
        builder.AddApplicationServices();
        var host = builder.Build();
        await host.StartAsync(Ct);
        hosts.Add(host);
        return host;
    }

    /// <summary>The Workers executable (<c>dotnet LoyalityBot.Workers.dll</c>) configured by environment variables, as the AppHost runs it.</summary>
    public Process StartWorkerProcess(Dictionary<string, string?>? overrides = null)
    {
        var assembly = typeof(BroadcastSender).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (key, value) in Settings(overrides))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
        return process;
    }

    public async Task<BroadcastCampaign> CampaignAsync(long broadcastId)
    {
        await using var db = NewContext();
        return await db.BroadcastCampaigns.AsNoTracking().SingleAsync(c => c.Id == broadcastId, Ct);
    }

    public async Task<List<BroadcastRecipient>> RecipientsAsync(long broadcastId)
    {
        await using var db = NewContext();
        return await db.BroadcastRecipients.AsNoTracking().Where(r => r.BroadcastId == broadcastId).OrderBy(r => r.ChatId).ToListAsync(Ct);
    }

    public async Task<BroadcastCampaign> WaitCompletedAsync(long broadcastId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var campaign = await CampaignAsync(broadcastId);
            if (campaign.Status == BroadcastStatus.Completed)
            {
                return campaign;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Broadcast {broadcastId} is still {campaign.Status} after {timeout} ({campaign.SentCount} sent).");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>How many of the bot's messages with <paramref name="text"/> each user got.</summary>
    public async Task<Dictionary<long, int>> ReceivedAsync(SandboxBot bot, IEnumerable<long> users, string text)
    {
        var received = new System.Collections.Concurrent.ConcurrentDictionary<long, int>();
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (user, ct) =>
        {
            var chat = await Sandbox.GetTranscriptAsync(bot.Name, user, ct);
            received[user] = chat.Messages.Count(m => m is { Kind: TranscriptEntry.MessageKind, From: TranscriptEntry.FromBot } && m.Text == text);
        });
        return new Dictionary<long, int>(received);
    }

    private Dictionary<string, string?> Settings(Dictionary<string, string?>? overrides)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["EventBus:ExchangeName"] = exchange,
            ["EventBus:SubscriptionClientName"] = group,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            all[key] = value;
        }
        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            process.Dispose();
        }
        foreach (var host in hosts)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        await DataSource.DisposeAsync();
    }
}
