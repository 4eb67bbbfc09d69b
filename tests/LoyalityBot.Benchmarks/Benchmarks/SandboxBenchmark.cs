using System.Diagnostics;
using System.Globalization;
using LoyalityBot.TelegramSandbox;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// The Telegram sandbox with its limits raised, in-process on loopback: sendMessage throughput from many
/// concurrent HTTP connections (wrk), and webhook delivery throughput to a trivial in-process receiver.
/// Options: --seconds N (measured time per phase, default 10), --clients N (default 64), --chats N (default 1000),
/// --updates N (webhook phase, default 200000).
/// </summary>
public sealed class SandboxBenchmark : IBenchmark
{
    private const string Token = "5000001:bench-token";
    private const string BotName = "bench";

    public string Name => "sandbox";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = Option(args, "--seconds", 10);
        var clients = Option(args, "--clients", 64);
        var chats = Option(args, "--chats", 1000);
        var updates = Option(args, "--updates", 200_000);

        await using var sandbox = await SandboxHost.StartAsync(new Dictionary<string, string?>
        {
            ["TelegramSandbox:Bots:0:Name"] = BotName,
            ["TelegramSandbox:Bots:0:Token"] = Token,
            ["TelegramSandbox:Limits:Enabled"] = "false",
        }, cancellationToken);
        var baseAddress = sandbox.BaseAddress();
        BenchmarkReport.Progress($"sandbox on {baseAddress}, {Environment.ProcessorCount} cores; {chats} chats");

        var control = new SandboxClient(baseAddress);
        var userIds = new List<long>(chats);
        for (var i = 0; i < chats; i++)
        {
            var user = await control.CreateUserAsync(new CreateUserRequest($"User{i}"), cancellationToken);
            await control.StartAsync(BotName, user.Id, cancellationToken: cancellationToken);
            userIds.Add(user.Id);
        }
        var sendRate = await MeasureSendMessageAsync(baseAddress, userIds, clients, TimeSpan.FromSeconds(seconds), cancellationToken);
        var webhookRate = await MeasureWebhookAsync(sandbox.Services, baseAddress, userIds, updates, cancellationToken);

        BenchmarkReport.Figure("sandbox_send_per_s", sendRate, "1/s");
        BenchmarkReport.Figure("sandbox_webhook_per_s", webhookRate, "1/s");
    }

    /// <summary>
    /// wrk drives sendMessage: a C load generator leaves both cores' worth of CPU to the server, where an
    /// in-process HttpClient load would take half of it. Its Lua script spreads the requests over all chats.
    /// </summary>
    private static async Task<double> MeasureSendMessageAsync(Uri baseAddress, List<long> chats, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"sandbox-send-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, $$"""
            local chats = { {{string.Join(",", chats)}} }
            local n = 0
            request = function()
              n = n + 1
              local body = '{"chat_id":' .. chats[(n % #chats) + 1] .. ',"text":"Your balance: <b>120</b> points","parse_mode":"HTML"}'
              return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
            end
            """, cancellationToken);
        try
        {
            var url = new Uri(baseAddress, $"/bot{Token}/sendMessage").ToString();
            BenchmarkReport.Progress($"sendMessage: warming up with wrk, {clients} connections");
            await RunWrkAsync(script, url, clients, TimeSpan.FromSeconds(3), cancellationToken);
            BenchmarkReport.Progress($"sendMessage: measuring {duration.TotalSeconds:0} s");
            var rate = await RunWrkAsync(script, url, clients, duration, cancellationToken);
            BenchmarkReport.Progress($"sendMessage: {rate:0} /s");
            return rate;
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<double> RunWrkAsync(string script, string url, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "-s", script, url])
        {
            RedirectStandardOutput = true,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (./build.sh deps installs it).");
        var output = await wrk.StandardOutput.ReadToEndAsync(cancellationToken);
        await wrk.WaitForExitAsync(cancellationToken);
        // Every request must have succeeded: a 429 or a 400 would be counted as throughput otherwise.
        if (wrk.ExitCode != 0 || output.Contains("Non-2xx", StringComparison.Ordinal) || output.Contains("Socket errors", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"wrk reported failures:\n{output}");
        }
        var line = output.Split('\n').Single(l => l.StartsWith("Requests/sec:", StringComparison.Ordinal));
        return double.Parse(line["Requests/sec:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static async Task<double> MeasureWebhookAsync(IServiceProvider services, Uri baseAddress, List<long> chats, int updates, CancellationToken cancellationToken)
    {
        long received = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", () =>
        {
            Interlocked.Increment(ref received);
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await receiver.StartAsync(cancellationToken);

        using var http = new HttpClient { BaseAddress = baseAddress };
        // Drop the /start updates of the setup, so exactly the queued updates are delivered.
        using (var dropped = await http.PostAsync($"/bot{Token}/deleteWebhook?drop_pending_updates=true", null, cancellationToken))
        {
            dropped.EnsureSuccessStatusCode();
        }
        // Queue the updates first (no webhook yet: they wait for getUpdates), then time their delivery alone.
        var state = services.GetRequiredService<SandboxState>();
        var actions = services.GetRequiredService<UserActions>();
        var bot = state.FindBot(BotName)!;
        var users = chats.Select(id => state.FindUser(id)!).ToArray();
        BenchmarkReport.Progress($"webhook: queueing {updates} updates over {users.Length} chats");
        for (var i = 0; i < updates; i++)
        {
            actions.SendText(bot, users[i % users.Length], "Balance");
        }

        var setWebhook = await http.PostAsync(
            $"/bot{Token}/setWebhook?url={Uri.EscapeDataString(receiver.Urls.First() + "/hook")}&max_connections=100", null, cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        setWebhook.EnsureSuccessStatusCode();
        while (Interlocked.Read(ref received) < updates)
        {
            await Task.Delay(10, cancellationToken);
        }
        var rate = updates / stopwatch.Elapsed.TotalSeconds;
        BenchmarkReport.Progress($"webhook: {updates} deliveries in {stopwatch.Elapsed.TotalSeconds:0.00} s = {rate:0} /s");
        return rate;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
