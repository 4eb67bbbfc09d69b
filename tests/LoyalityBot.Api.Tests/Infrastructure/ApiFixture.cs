using System.Net.Http.Headers;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using ApiEntryPoint = LoyalityBot.Api.Auth.SessionTokens; // any type of the API assembly; "Program" is ambiguous with the AppHost's

namespace LoyalityBot.Api.Tests.Infrastructure;

/// <summary>
/// The API in-process (WebApplicationFactory) on REAL servers: a fresh migrated database on the shared Postgres
/// primary and its streaming replica, the shared Redis and RabbitMQ, a temporary media root. One per test class;
/// <see cref="CreateReplicaAsync"/> starts another host on the same servers (a second API replica).
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string ClientBotToken = "111111:client-bot-token-for-tests";
    public const string PartnerBotToken = "222222:partner-bot-token-for-tests";
    public const long AdminId = 900_000_001;

    private readonly List<WebApplicationFactory<ApiEntryPoint>> hosts = [];
    private Dictionary<string, string?> settings = [];

    public WebApplicationFactory<ApiEntryPoint> Host => hosts[0];
    public IServiceProvider Services => Host.Services;
    public string MediaRoot { get; } = Path.Combine(Path.GetTempPath(), "loyalitybot-api-tests", Guid.NewGuid().ToString("N"));
    public string ConnectionString { get; private set; } = "";
    public string ReadOnlyConnectionString { get; private set; } = "";

    /// <summary>The client IP this class's requests come from (TestServer has none); a request may override it with X-Test-Remote-IP.</summary>
    public IPAddress RemoteIp { get; } = new([10, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>Settings a test class needs on top of the defaults (tight rate limits, for one).</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("api");
        var redis = await TestServers.RedisAsync();
        var rabbit = await TestServers.RabbitMQAsync();
        ConnectionString = database.ConnectionString;
        ReadOnlyConnectionString = database.ReadOnlyConnectionString;
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = database.ReadOnlyConnectionString,
            ["ConnectionStrings:cache"] = redis.ConnectionString,
            ["ConnectionStrings:messaging"] = rabbit.ConnectionString,
            ["LoyaltyData:MaxPoolSize"] = "20",
            ["Auth:SessionSigningKey"] = "session-signing-key-for-tests-0123456789",
            ["Payments:SigningKey"] = "payment-signing-key-for-tests-0123456789",
            ["Telegram:Bots:client:Token"] = ClientBotToken,
            ["Telegram:Bots:client:Username"] = "loyalitybot_client_bot",
            ["Telegram:Bots:partner:Token"] = PartnerBotToken,
            ["Telegram:Bots:partner:Username"] = "loyalitybot_partner_bot",
            ["Admin:TelegramIds:0"] = AdminId.ToString(CultureInfo.InvariantCulture),
            ["Media:RootPath"] = MediaRoot,
            // Test classes share Redis: their own cache keys, and their own client IP for the per-IP limit.
            ["Cache:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
            // The relay would publish this class's events while another class's test reads the outbox table; tests
            // assert on the outbox rows, so it polls rarely.
            ["Outbox:PollInterval"] = "00:10:00",
            ["RateLimits:PerUser:Limit"] = "100000",
            ["RateLimits:PerUser:Period"] = "00:01:00",
            ["RateLimits:PerUser:Burst"] = "100000",
            ["RateLimits:PerIp:Limit"] = "100000",
            ["RateLimits:PerIp:Period"] = "00:01:00",
            ["RateLimits:PerIp:Burst"] = "100000",
        };
        foreach (var (key, value) in Overrides)
        {
            settings[key] = value;
        }
        await CreateReplicaAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync();
    }

    /// <summary>Another API host on the same database, Redis and broker, as a second replica behind a load balancer.</summary>
    public Task<WebApplicationFactory<ApiEntryPoint>> CreateReplicaAsync()
    {
        var factory = new WebApplicationFactory<ApiEntryPoint>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteIpStartupFilter(RemoteIp)));
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        _ = factory.Server; // starts it
        hosts.Add(factory);
        return Task.FromResult(factory);
    }

    public HttpClient CreateClient(string? token = null, WebApplicationFactory<ApiEntryPoint>? host = null)
    {
        var client = (host ?? Host).CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Signs in through the real initData exchange and returns a client carrying the session.</summary>
    public async Task<HttpClient> SignInAsync(long userId)
    {
        using var anonymous = CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/session", new { initData = InitData.Sign(ClientBotToken, userId, DateTimeOffset.UtcNow) });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<SessionBody>();
        return CreateClient(session!.Token);
    }

    public sealed record SessionBody(string Token, DateTimeOffset ExpiresAt, long UserId, string[] Roles);

    public async Task<T> WithDbAsync<T>(Func<LoyaltyDbContext, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>());
    }

    public LedgerService Ledger => Services.GetRequiredService<LedgerService>();

    public async Task<long> RegisterClientAsync(long id, int? cityId = null, long? referrer = null)
    {
        var result = await Ledger.RegisterClientAsync(new ClientRegistration(id, $"Client {id}", CityId: cityId, ReferrerClientId: referrer));
        Assert.Equal(LedgerStatus.Applied, result.Status);
        return id;
    }

    public Task<int> AddCityAsync(string name) => WithDbAsync(async db =>
    {
        var city = new City { Name = name, CountryCode = "US", Currency = "USD", IsAvailable = true, CreatedAt = DateTime.UtcNow };
        db.Cities.Add(city);
        await db.SaveChangesAsync();
        return city.Id;
    });

    public Task<long> AddPartnerAsync(long id, int? cityId = null, string category = "beauty", bool allowMessages = true) => WithDbAsync(async db =>
    {
        db.Partners.Add(new Partner
        {
            Id = id, Name = $"Partner {id}", Category = category, CityId = cityId, AllowClientMessages = allowMessages, CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return id;
    });

    public Task<long> AddPromotionAsync(long partnerId, Action<Promotion>? configure = null) => WithDbAsync(async db =>
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var promotion = new Promotion
        {
            PartnerId = partnerId, Title = $"Offer of {partnerId}", Type = PromotionType.PointsRedemption, StartsOn = today.AddDays(-1),
            EndsOn = today.AddDays(30), Price = 100m, MaxPointsPayment = 50, ApprovalStatus = ModerationStatus.Approved, CreatedAt = DateTime.UtcNow,
        };
        configure?.Invoke(promotion);
        db.Promotions.Add(promotion);
        await db.SaveChangesAsync();
        return promotion.Id;
    });

    public Task<long> AddServiceAsync(long partnerId, string category = "hair", ModerationStatus status = ModerationStatus.Approved) => WithDbAsync(async db =>
    {
        var service = new Service { PartnerId = partnerId, Title = $"Service of {partnerId}", Category = category, PricePoints = 10, ApprovalStatus = status, CreatedAt = DateTime.UtcNow };
        db.Services.Add(service);
        await db.SaveChangesAsync();
        return service.Id;
    });

    /// <summary>Outbox rows of one event type whose JSON property <paramref name="property"/> is <paramref name="value"/>.</summary>
    public Task<int> OutboxCountAsync(string eventType, string property, object value) => WithDbAsync(async db =>
        await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM integration_event_outbox WHERE event_type_name = {eventType} AND content->>{property} = {Convert.ToString(value, CultureInfo.InvariantCulture)}").SingleAsync());

    /// <summary>Streaming replication is asynchronous: wait until the standby has replayed everything written so far.</summary>
    public Task WaitForReplicaAsync() => ReplicaCatchUp.WaitAsync(ConnectionString, ReadOnlyConnectionString, TimeSpan.FromSeconds(5));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }
        if (Directory.Exists(MediaRoot))
        {
            Directory.Delete(MediaRoot, recursive: true);
        }
    }
}
