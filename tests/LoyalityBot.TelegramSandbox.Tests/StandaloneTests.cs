using System.Net;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The sandbox as the AppHost starts it: its own process, bots and address from environment variables.</summary>
public sealed class StandaloneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starts_alone_with_bots_and_address_from_environment_variables()
    {
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
        {
            ["TelegramSandbox__Bots__0__Name"] = "client",
            ["TelegramSandbox__Bots__0__Token"] = "4242:env-token",
            ["TelegramSandbox__Bots__0__Username"] = "loyality_client_bot",
            ["TelegramSandbox__Limits__PerChatBurst"] = "7",
        }, Ct);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };

        var me = await new TelegramBotClient(new TelegramBotClientOptions("4242:env-token", sandbox.BaseAddress.ToString()), http).GetMe(Ct);
        var limits = await new SandboxClient(http).GetLimitsAsync(Ct);

        Assert.Equal((4242, "loyality_client_bot"), (me.Id, me.Username));
        Assert.Equal(7, limits.PerChatBurst);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("alive", Ct)).StatusCode);
        Assert.Contains("<title>Telegram sandbox", await http.GetStringAsync("", Ct));
    }
}
