using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The sandbox as the AppHost starts it: its own process, bots and address from environment variables.</summary>
public sealed class StandaloneTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Starts_alone_with_bots_and_address_from_environment_variables()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LoyalityBot.TelegramSandbox.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["TelegramSandbox__Bots__0__Name"] = "client",
                ["TelegramSandbox__Bots__0__Token"] = "4242:env-token",
                ["TelegramSandbox__Bots__0__Username"] = "loyality_client_bot",
                ["TelegramSandbox__Limits__PerChatBurst"] = "7",
            },
        };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            using var http = new HttpClient { BaseAddress = baseAddress };
            await WaitHealthyAsync(http);

            var me = await new TelegramBotClient(new TelegramBotClientOptions("4242:env-token", baseAddress.ToString()), http).GetMe(Ct);
            var limits = await new SandboxClient(http).GetLimitsAsync(Ct);

            Assert.Equal((4242, "loyality_client_bot"), (me.Id, me.Username));
            Assert.Equal(7, limits.PerChatBurst);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("alive", Ct)).StatusCode);
            Assert.Contains("<title>Telegram sandbox", await http.GetStringAsync("", Ct));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("health", Ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            await Task.Delay(100, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
