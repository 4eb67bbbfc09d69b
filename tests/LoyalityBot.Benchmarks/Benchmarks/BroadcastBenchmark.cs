using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.TelegramSandbox;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.Workers.Broadcasts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// The broadcast half of the messaging benchmark (also `./build.sh bench broadcast` alone): an admin's
/// broadcast to 10,000 clients, created by <see cref="BroadcastService"/> (campaign + outbox event), sent by the
/// Workers executable as a process of its own (relay → RabbitMQ → sender → gateway) to the sandbox, also a process of
/// its own, with its bot limit raised to 1,000 msg/s and the gateway's per-bot limit set to match. The sustained rate
/// is the sandbox's: messages between its first and its last delivery over that time, sampled every 50 ms.
/// Zero 429s by construction, not by luck: requests reach the sandbox at most <c>lanes</c> late (that many are in
/// flight), so over any window it sees at most the gateway's burst + lanes more than its rate allows; 10 + 1 stays
/// within the sandbox's (Telegram's) burst of 30 however much the machine delays them.
/// The measured broadcast runs on a warm worker, as a broadcast meets a long-running worker in production: a first
/// broadcast to other clients (--warmup N, default 10,000; 0 for none) runs while the JIT compiles and tiers up the
/// sending path (about 12 s here, during which the tiering thread alone takes half a core). Its rate is reported too,
/// as broadcast_cold_msgs_per_s. 429s are counted over both.
/// Options: --recipients N (default 10,000), --warmup N, --lanes N (Broadcasts:MaxConcurrentSends, default: the
/// sender's default, 1, which bounds a crash to one duplicate).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BroadcastBenchmark : IBenchmark
{
    private const string Bot = "client";
    private const string Token = "5000002:broadcast-bench";
    private const int BotLimit = 1000;

    public string Name => "broadcast";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var recipients = Option(args, "--recipients", 10_000);
        var warmup = Option(args, "--warmup", 10_000);
        var lanes = Option(args, "--lanes", new BroadcastOptions().MaxConcurrentSends);
        await using var database = await LoyaltyBenchDatabase.CreateAsync("broadcastbench", 64, cancellationToken);
        await using var sandbox = await SandboxProcess.StartAsync(new Dictionary<string, string>
        {
            ["TelegramSandbox__Bots__0__Name"] = Bot,
            ["TelegramSandbox__Bots__0__Token"] = Token,
            ["TelegramSandbox__Limits__Enabled"] = "true",
            ["TelegramSandbox__Limits__PerBotPerSecond"] = BotLimit.ToString(CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        }, cancellationToken);
        using var http = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var control = new SandboxClient(http);
        BenchmarkReport.Progress($"sandbox on {sandbox.BaseAddress} (bot limit {BotLimit}/s); {warmup} + {recipients} users start the bot");
        var warmupIds = Enumerable.Range(1, warmup).Select(i => 2_000_000L + i).ToArray();
        var ids = Enumerable.Range(1, recipients).Select(i => 1_000_000L + i).ToArray();
        await Parallel.ForEachAsync(warmupIds.Concat(ids), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            await control.CreateUserAsync(new CreateUserRequest("User", Id: id), ct);
            await control.StartAsync(Bot, id, cancellationToken: ct);
        });

        var worker = StartWorker(database, sandbox.BaseAddress, lanes, await RedisAndRabbitAsync());
        try
        {
            BenchmarkReport.Progress($"workers process started ({lanes} lanes); load average: {await LoadAsync(cancellationToken)}");
            if (warmup > 0)
            {
                var cold = await BroadcastAsync(database, control, warmupIds, worker, cancellationToken);
                BenchmarkReport.Progress($"warm-up: {cold.Delivered} delivered in {cold.Span.TotalSeconds:F2} s; its clients leave the audience");
                BenchmarkReport.Figure("broadcast_cold_msgs_per_s", Math.Round(cold.Rate, 1), "1/s");
                await SetStatusAsync(database.Primary, warmupIds[0], warmupIds[^1], ClientStatus.Blocked, cancellationToken);
            }
            var measured = await BroadcastAsync(database, control, ids, worker, cancellationToken);
            BenchmarkReport.Progress($"{measured.Delivered} delivered in {measured.Span.TotalSeconds:F2} s (first → last delivery); load average: {await LoadAsync(cancellationToken)}");
            BenchmarkReport.Figure("broadcast_msgs_per_s", Math.Round(measured.Rate, 1), "1/s");
            BenchmarkReport.Figure("broadcast_429s", measured.TooManyRequestsSoFar);
            BenchmarkReport.Figure("broadcast_delivered", measured.Delivered);
        }
        finally
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync(CancellationToken.None);
            worker.Dispose();
        }
    }

    /// <summary>
    /// An admin's broadcast to all active clients, after <paramref name="clients"/> join them (as Active clients with
    /// consecutive ids); returns how it went.
    /// </summary>
    private static async Task<BroadcastRun> BroadcastAsync(LoyaltyBenchDatabase database, SandboxClient control, long[] clients, Process worker, CancellationToken cancellationToken)
    {
        await InsertClientsAsync(database.Primary, clients[0], clients[^1], cancellationToken);
        var before = (await control.GetCountersAsync(Bot, cancellationToken)).MessagesSent;
        var created = await database.Services.GetRequiredService<BroadcastService>()
            .CreateAdminBroadcastAsync(new AdminBroadcastRequest(1, BroadcastTarget.Clients, "Bench broadcast: 20% off this week"), cancellationToken);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"The broadcast was not created: {created.Error}");
        }
        return await SustainedRateAsync(control, before, clients.Length, worker, cancellationToken);
    }

    /// <summary>
    /// Samples the sandbox's count (less <paramref name="before"/>) until every recipient has it, then waits a second
    /// for any duplicate and counts again.
    /// </summary>
    private static async Task<BroadcastRun> SustainedRateAsync(SandboxClient control, long before, int recipients, Process worker, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromMinutes(5);
        (TimeSpan At, long Count)? first = null;
        while (true)
        {
            var sent = (await control.GetCountersAsync(Bot, cancellationToken)).MessagesSent - before;
            var now = clock.Elapsed;
            if (sent > 0 && first is null)
            {
                first = (now, sent);
            }
            if (sent >= recipients)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var counters = await control.GetCountersAsync(Bot, cancellationToken);
                var span = now - first!.Value.At;
                return new BroadcastRun((sent - first.Value.Count) / span.TotalSeconds, span, counters.MessagesSent - before, counters.TooManyRequests);
            }
            if (worker.HasExited || now > deadline)
            {
                throw new InvalidOperationException($"Only {sent} of {recipients} delivered (workers exited: {worker.HasExited}).");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task InsertClientsAsync(NpgsqlDataSource primary, long firstId, long lastId, CancellationToken cancellationToken)
    {
        await using var insert = primary.CreateCommand("""
            INSERT INTO clients (id, name, language, registration_source, referral_code, status, registered_at)
            SELECT id, 'Client', 'ru', 'Direct', 'b' || id, 'Active', now() FROM generate_series($1::bigint, $2::bigint) AS id
            """);
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstId });
        insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastId });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One broadcast: its sustained rate over <paramref name="Span"/> (first → last delivery), its deliveries counted
    /// a second after the last, and the bot's 429s since the sandbox started.
    /// </summary>
    private sealed record BroadcastRun(double Rate, TimeSpan Span, long Delivered, long TooManyRequestsSoFar);

    private static async Task SetStatusAsync(NpgsqlDataSource primary, long firstId, long lastId, ClientStatus status, CancellationToken cancellationToken)
    {
        await using var update = primary.CreateCommand("UPDATE clients SET status = $3 WHERE id BETWEEN $1 AND $2");
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = firstId });
        update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lastId });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status.ToString() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<(string Redis, string RabbitMQ)> RedisAndRabbitAsync() =>
        ((await TestServers.RedisAsync()).ConnectionString, (await TestServers.RabbitMQAsync()).ConnectionString);

    /// <summary><c>dotnet LoyalityBot.Workers.dll</c>, configured by environment variables as the AppHost configures it.</summary>
    private static Process StartWorker(LoyaltyBenchDatabase database, Uri sandbox, int lanes, (string Redis, string RabbitMQ) servers)
    {
        var assembly = typeof(BroadcastSender).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [assembly]) { WorkingDirectory = Path.GetDirectoryName(assembly)! };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__LoyalityBot.Workers.Broadcasts"] = "Information",
            ["ConnectionStrings__loyalty"] = database.Database.ConnectionString,
            ["ConnectionStrings__loyalty-readonly"] = database.Database.ReadOnlyConnectionString,
            ["ConnectionStrings__cache"] = servers.Redis,
            ["ConnectionStrings__messaging"] = servers.RabbitMQ,
            ["EventBus__ExchangeName"] = $"bench_{Guid.NewGuid():N}",
            ["EventBus__SubscriptionClientName"] = $"bench_{Guid.NewGuid():N}",
            ["Outbox__PollInterval"] = "00:00:00.050",
            ["Telegram__ApiBaseUrl"] = sandbox.ToString(),
            [$"Telegram__Bots__{Bot}__Token"] = Token,
            ["Broadcasts__ClientBot"] = Bot,
            ["Broadcasts__MaxConcurrentSends"] = lanes.ToString(CultureInfo.InvariantCulture),
            ["TelegramGateway__PerBotPerSecond"] = BotLimit.ToString(CultureInfo.InvariantCulture),
            ["TelegramGateway__PerBotBurst"] = "10",
        })
        {
            start.Environment[key] = value;
        }
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    private static async Task<string> LoadAsync(CancellationToken ct) =>
        File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim() : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
