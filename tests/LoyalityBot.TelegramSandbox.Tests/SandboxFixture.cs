using LoyalityBot.TelegramSandbox.Client;
using Microsoft.AspNetCore.Builder;
using Telegram.Bot;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>
/// An in-process sandbox on a free loopback port with the three LoyalityBot bots, flood limits off
/// (limit tests use <see cref="LimitedSandboxFixture"/>) and fast webhook retries.
/// </summary>
public class SandboxFixture : IAsyncLifetime
{
    public const string ClientToken = "1000001:client-secret";
    public const string PartnerToken = "1000002:partner-secret";
    public const string AdminToken = "1000003:admin-secret";

    private WebApplication? _app;
    private long _lastUserId = 500_000;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public SandboxClient Sandbox { get; private set; } = null!;

    protected virtual bool LimitsEnabled => false;

    public async ValueTask InitializeAsync()
    {
        _app = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["TelegramSandbox:Bots:0:Name"] = "client",
            ["TelegramSandbox:Bots:0:Token"] = ClientToken,
            ["TelegramSandbox:Bots:1:Name"] = "partner",
            ["TelegramSandbox:Bots:1:Token"] = PartnerToken,
            ["TelegramSandbox:Bots:1:Username"] = "loyality_partner_bot",
            ["TelegramSandbox:Bots:2:Name"] = "admin",
            ["TelegramSandbox:Bots:2:Token"] = AdminToken,
            ["TelegramSandbox:Limits:Enabled"] = LimitsEnabled ? "true" : "false",
            ["TelegramSandbox:Webhook:RetryBaseDelay"] = "00:00:00.050",
            ["TelegramSandbox:Webhook:RetryMaxDelay"] = "00:00:00.200",
        });
        BaseAddress = _app.BaseAddress();
        Http = new HttpClient { BaseAddress = BaseAddress };
        Sandbox = new SandboxClient(Http);
    }

    /// <summary>The real Telegram.Bot client against the sandbox; <paramref name="retryThreshold"/> 0 turns its 429 auto-retry off.</summary>
    public TelegramBotClient Bot(string token = ClientToken, int retryThreshold = 0) =>
        new(new TelegramBotClientOptions(token, BaseAddress.ToString()) { RetryThreshold = retryThreshold }, Http);

    /// <summary>A fresh user, so tests sharing the sandbox never see each other's chats.</summary>
    public Task<SandboxUser> NewUserAsync(string firstName = "Ann") =>
        Sandbox.CreateUserAsync(new CreateUserRequest(firstName, Id: Interlocked.Increment(ref _lastUserId), LastName: "Test",
            Username: $"user{_lastUserId}", LanguageCode: "ru", PhoneNumber: "+15550100"),
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}

public sealed class LimitedSandboxFixture : SandboxFixture
{
    protected override bool LimitsEnabled => true;
}
