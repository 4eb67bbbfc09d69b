using System.Diagnostics;
using System.Globalization;
using LoyalityBot.TelegramSandbox;
using LoyalityBot.TelegramSandbox.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// The Telegram sandbox with its limits off, run as its own process as the AppHost runs it: sendMessage
/// throughput from many concurrent HTTP connections (wrk), and webhook delivery throughput to a trivial receiver
/// in this process. Options: --seconds N (measured sendMessage time, default 10), --clients N (connections,
/// default 64), --chats N (default 1000), --queue-seconds N (time spent queueing webhook updates, default 8).
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
        var queueSeconds = Option(args, "--queue-seconds", 8);

        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
        {
            ["TelegramSandbox__Bots__0__Name"] = BotName,
            ["TelegramSandbox__Bots__0__Token"] = Token,
            ["TelegramSandbox__Limits__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        }, cancellationToken);
        var baseAddress = sandbox.BaseAddress;
        BenchmarkReport.Progress($"sandbox process on {baseAddress}, {Environment.ProcessorCount} cores; {chats} chats");
        // Other work on the same cores moves these figures a lot; say how busy the machine was.
        if (File.Exists("/proc/loadavg"))
        {
            BenchmarkReport.Progress($"load average: {(await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Trim()}");
        }

        using var http = new HttpClient { BaseAddress = baseAddress };
        var control = new SandboxClient(http);
        var userIds = new List<long>(chats);
        for (var i = 0; i < chats; i++)
        {
            var user = await control.CreateUserAsync(new CreateUserRequest($"User{i}"), cancellationToken);
            await control.StartAsync(BotName, user.Id, cancellationToken: cancellationToken);
            userIds.Add(user.Id);
        }

        var sendRate = await MeasureSendMessageAsync(baseAddress, userIds, clients, TimeSpan.FromSeconds(seconds), cancellationToken);
        var webhookRate = await MeasureWebhookAsync(http, userIds, clients, TimeSpan.FromSeconds(queueSeconds), cancellationToken);

        BenchmarkReport.Figure("sandbox_send_per_s", sendRate, "1/s");
        BenchmarkReport.Figure("sandbox_webhook_per_s", webhookRate, "1/s");
    }

    /// <summary>
    /// wrk drives sendMessage: a C load generator leaves both cores' worth of CPU to the server, where an
    /// in-process HttpClient load would take half of it. Its Lua script spreads the requests over all chats.
    /// </summary>
    private static async Task<double> MeasureSendMessageAsync(Uri baseAddress, List<long> chats, int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var url = new Uri(baseAddress, $"/bot{Token}/sendMessage").ToString();
        var body = """'{"chat_id":' .. chat .. ',"text":"Your balance: <b>120</b> points","parse_mode":"HTML"}'""";
        BenchmarkReport.Progress($"sendMessage: warming up with wrk, {clients} connections");
        await RunWrkAsync(url, "nil", body, chats, clients, TimeSpan.FromSeconds(3), cancellationToken);
        BenchmarkReport.Progress($"sendMessage: measuring {duration.TotalSeconds:0} s");
        var rate = await RunWrkAsync(url, "nil", body, chats, clients, duration, cancellationToken);
        BenchmarkReport.Progress($"sendMessage: {rate:0} /s");
        return rate;
    }

    /// <summary>
    /// Runs wrk on <paramref name="url"/> for <paramref name="duration"/>, POSTing <paramref name="luaBody"/> to
    /// <paramref name="luaPath"/> (nil: the URL's path): Lua expressions over <c>chat</c>, which takes each chat id in turn.
    /// Returns requests/s.
    /// </summary>
    private static async Task<double> RunWrkAsync(string url, string luaPath, string luaBody, List<long> chats, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var script = Path.Combine(Path.GetTempPath(), $"sandbox-bench-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, $$"""
            local chats = { {{string.Join(",", chats)}} }
            local n = 0
            request = function()
              n = n + 1
              local chat = chats[(n % #chats) + 1]
              return wrk.format("POST", {{luaPath}}, { ["Content-Type"] = "application/json" }, {{luaBody}})
            end
            """, cancellationToken);
        try
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
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>
    /// Users write to the bot (wrk on the control API) while no webhook is set, so the updates queue up; then the
    /// webhook is set and the time until the receiver got them all is measured: delivery alone.
    /// </summary>
    private static async Task<double> MeasureWebhookAsync(HttpClient http, List<long> chats, int clients, TimeSpan queueing, CancellationToken cancellationToken)
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

        await CallBotAsync(http, "deleteWebhook?drop_pending_updates=true", cancellationToken);
        BenchmarkReport.Progress($"webhook: users write to the bot for {queueing.TotalSeconds:0} s");
        await RunWrkAsync(http.BaseAddress!.ToString(), $"'/control/bots/{BotName}/users/' .. chat .. '/messages'", """'{"text":"Balance"}'""",
            chats, clients, queueing, cancellationToken);
        var info = await CallBotAsync(http, "getWebhookInfo", cancellationToken);
        var queued = info.GetProperty("result").GetProperty("pending_update_count").GetInt32();

        BenchmarkReport.Progress($"webhook: delivering {queued} updates");
        var stopwatch = Stopwatch.StartNew();
        await CallBotAsync(http, $"setWebhook?url={Uri.EscapeDataString(receiver.Urls.First() + "/hook")}&max_connections=100", cancellationToken);
        while (Interlocked.Read(ref received) < queued)
        {
            await Task.Delay(10, cancellationToken);
        }
        var rate = queued / stopwatch.Elapsed.TotalSeconds;
        BenchmarkReport.Progress($"webhook: {queued} deliveries in {stopwatch.Elapsed.TotalSeconds:0.00} s = {rate:0} /s");
        return rate;
    }

    private static async Task<System.Text.Json.JsonElement> CallBotAsync(HttpClient http, string methodAndQuery, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync($"/bot{Token}/{methodAndQuery}", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content, cancellationToken);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
