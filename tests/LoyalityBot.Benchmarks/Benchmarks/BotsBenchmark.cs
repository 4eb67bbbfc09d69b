using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Reflection;
using System.Runtime.Versioning;
using System.Text.Json;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Hosting;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.TelegramSandbox.Client;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// The bots end to end, run as the AppHost runs them: the Telegram sandbox (limits off) → the AppHost's load balancer
/// → three bot replicas (Release build, each its own process) → Redis and Postgres → the reply back in the sandbox.
/// 10,000 registered clients (seeded through the ledger) first /start and open the language menu (warm-up); then a
/// mix of menu-button presses, inline-button presses, commands and free text is OFFERED at a fixed rate (open loop:
/// batches every 10 ms through the sandbox's batch control API, whatever the bots' pace), and the sandbox times each
/// update from its queueing (the user's action) to the bot's first answer in that chat, so a backlog shows in the
/// latency instead of slowing the load (no coordinated omission).
/// Options: --users N (10,000), --rate N updates/s (2,000), --seconds N measured (20).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BotsBenchmark : IBenchmark
{
    private const string Bot = "client";
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>What the users do, with weights: menu buttons (texts), the language button (a callback), a command, free text.</summary>
    private static readonly (int Weight, string? Text, string? CallbackData)[] Mix =
    [
        (30, "💰 Баланс", null),
        (15, "📜 История", null),
        (15, "❓ Помощь", null),
        (15, null, "lang:ru"),
        (10, "/balance", null),
        (15, "Привет! Сколько у меня баллов?", null),
    ];

    public string Name => "bots";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var users = Option(args, "--users", 10_000);
        var rate = Option(args, "--rate", 2_000);
        var seconds = Option(args, "--seconds", 20);

        await BuildReleaseAsync(cancellationToken);
        await using var database = await LoyaltyBenchDatabase.CreateAsync("botsbench", 64, cancellationToken);
        var redis = await TestServers.RedisAsync();
        var userIds = Enumerable.Range(0, users).Select(i => 6_000_000_000L + i).ToArray();
        await SeedClientsAsync(database.Ledger, userIds, cancellationToken);

        var stage = await BotStage.StartAsync(database, redis.ConnectionString, cancellationToken);
        await using (stage)
        {
            var sandbox = stage.Sandbox;
            await CreateUsersAsync(sandbox, userIds, cancellationToken);
            BenchmarkReport.Progress($"{Environment.ProcessorCount} cores; load average {await LoadAsync(cancellationToken)}");

            // Warm-up: every user opens the bot (its menu) and the language choice (the inline button pressed later).
            foreach (var text in new[] { "/start", "🌐 Язык" })
            {
                var delivered = (await sandbox.GetCountersAsync(Bot, cancellationToken)).WebhookDeliveries;
                var warm = await OfferAsync(sandbox, userIds.Select(id => new UserAction(id, Text: text)).ToList(), rate, cancellationToken);
                await DrainAsync(stage, delivered + warm.Offered, cancellationToken);
                BenchmarkReport.Progress($"warm-up '{text}': {warm.Offered} updates answered");
            }

            await sandbox.ResetReplyLatencyAsync(Bot, cancellationToken);
            var before = await sandbox.GetCountersAsync(Bot, cancellationToken);
            var random = new Random(42);
            var actions = Enumerable.Range(0, rate * seconds).Select(_ => NextAction(random, userIds)).ToList();
            BenchmarkReport.Progress($"offering {actions.Count} updates at {rate}/s for {seconds} s from {users} users");
            var clock = Stopwatch.StartNew();
            var offer = await OfferAsync(sandbox, actions, rate, cancellationToken);
            await DrainAsync(stage, before.WebhookDeliveries + offer.Offered, cancellationToken);
            var elapsed = clock.Elapsed.TotalSeconds;

            var latency = await sandbox.GetReplyLatencyAsync(Bot, cancellationToken);
            var after = await sandbox.GetCountersAsync(Bot, cancellationToken);
            var failedDeliveries = after.WebhookFailures - before.WebhookFailures;
            var errors = offer.Refused + latency.Unanswered + failedDeliveries + Math.Max(0, offer.Offered - latency.Answered - latency.Unanswered);
            BenchmarkReport.Progress($"{latency.Answered} answered in {elapsed:0.00} s; offer lag (batch sent after its time) max {offer.MaxLagMs:0} ms");
            BenchmarkReport.Progress($"queued → answer:   p50 {latency.FromQueued.P50:0.0} / p95 {latency.FromQueued.P95:0.0} / p99 {latency.FromQueued.P99:0.0} / max {latency.FromQueued.Max:0.0} ms");
            BenchmarkReport.Progress($"delivery → answer: p50 {latency.FromDelivery.P50:0.0} / p95 {latency.FromDelivery.P95:0.0} / p99 {latency.FromDelivery.P99:0.0} / max {latency.FromDelivery.Max:0.0} ms");
            BenchmarkReport.Progress($"errors: {offer.Refused} refused by the sandbox, {latency.Unanswered} unanswered, {failedDeliveries} failed webhook deliveries (non-2xx); load average {await LoadAsync(cancellationToken)}");

            BenchmarkReport.Figure("bot_updates_per_s", Math.Round(latency.Answered / elapsed), "1/s");
            BenchmarkReport.Figure("bot_p50_ms", latency.FromQueued.P50, "ms");
            BenchmarkReport.Figure("bot_p95_ms", latency.FromQueued.P95, "ms");
            BenchmarkReport.Figure("bot_p99_ms", latency.FromQueued.P99, "ms");
            BenchmarkReport.Figure("bot_delivery_p95_ms", latency.FromDelivery.P95, "ms");
            BenchmarkReport.Figure("bot_errors", errors);
        }
    }

    private static UserAction NextAction(Random random, long[] userIds)
    {
        var user = userIds[random.Next(userIds.Length)];
        var pick = random.Next(Mix.Sum(m => m.Weight));
        foreach (var (weight, text, callbackData) in Mix)
        {
            if ((pick -= weight) < 0)
            {
                return new UserAction(user, text, callbackData);
            }
        }
        throw new UnreachableException();
    }

    /// <summary>The bot and the sandbox from their Release build (`dotnet build -c Release`), as a deployment runs them.</summary>
    private static async Task BuildReleaseAsync(CancellationToken cancellationToken)
    {
        var root = AppHostBuild.RepositoryRoot;
        foreach (var project in new[] { "LoyalityBot.Bots", "LoyalityBot.TelegramSandbox" })
        {
            BenchmarkReport.Progress($"dotnet build -c Release {project}");
            using var build = Process.Start(new ProcessStartInfo("dotnet", ["build", "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly", Path.Combine(root, project)])
            {
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("dotnet did not start.");
            var output = await build.StandardOutput.ReadToEndAsync(cancellationToken);
            await build.WaitForExitAsync(cancellationToken);
            if (build.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet build -c Release {project} failed:\n{output}");
            }
        }
    }

    /// <summary>Registered clients with their welcome bonus, through the ledger as the bot's registration does it.</summary>
    private static async Task SeedClientsAsync(LedgerService ledger, long[] userIds, CancellationToken cancellationToken)
    {
        BenchmarkReport.Progress($"registering {userIds.Length} clients through the ledger");
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            var result = await ledger.RegisterClientAsync(new ClientRegistration(id, $"User {id}", $"7900{id % 10_000_000:D7}", Source: $"bench:{id}"), cancellationToken: ct);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Client {id} was not registered: {result.Status}");
            }
        });
    }

    private static async Task CreateUsersAsync(SandboxClient sandbox, long[] userIds, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(userIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (id, ct) =>
            await sandbox.CreateUserAsync(new CreateUserRequest($"User {id}", Id: id, PhoneNumber: $"+7900{id % 10_000_000:D7}"), ct));

    private sealed record Offer(long Offered, long Refused, double MaxLagMs);

    /// <summary>
    /// Offers <paramref name="actions"/> at <paramref name="rate"/> per second: every tick, one batch with the actions
    /// due by then, sent without waiting for the previous batches (open loop).
    /// </summary>
    private static async Task<Offer> OfferAsync(SandboxClient sandbox, List<UserAction> actions, int rate, CancellationToken cancellationToken)
    {
        var sends = new List<Task<(int Refused, double LagMs)>>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < actions.Count)
        {
            var due = Math.Min(actions.Count, (int)(clock.Elapsed.TotalSeconds * rate));
            while (sent < due)
            {
                var batch = actions.GetRange(sent, Math.Min(due - sent, 1000));
                var scheduled = (double)sent / rate * 1000;
                sends.Add(SendAsync(batch, scheduled));
                sent += batch.Count;
            }
            await Task.Delay(Tick, cancellationToken);
        }
        var results = await Task.WhenAll(sends);
        return new Offer(actions.Count, results.Sum(r => r.Refused), results.Max(r => r.LagMs));

        async Task<(int, double)> SendAsync(List<UserAction> batch, double scheduledMs)
        {
            var result = await sandbox.ActAsync(Bot, batch, cancellationToken);
            foreach (var error in result.Errors.Take(3))
            {
                BenchmarkReport.Progress($"refused: {error}");
            }
            return (result.Errors.Count, clock.Elapsed.TotalMilliseconds - scheduledMs);
        }
    }

    /// <summary>
    /// Waits until the sandbox counted <paramref name="deliveries"/> acknowledged webhook deliveries in all and none is
    /// pending (cheap counters: the latency figures are read once, at the end).
    /// </summary>
    private static async Task DrainAsync(BotStage stage, long deliveries, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var pending = await stage.PendingUpdatesAsync(cancellationToken);
            var counters = await stage.Sandbox.GetCountersAsync(Bot, cancellationToken);
            if (pending == 0 && counters.WebhookDeliveries >= deliveries)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{pending} updates still pending after 5 minutes ({counters}).");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static async Task<string> LoadAsync(CancellationToken ct) =>
        File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg", ct)).Trim() : "n/a";

    private static int Option(string[] args, string name, int fallback) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;

    /// <summary>
    /// The sandbox and three bot replicas as the AppHost declares them (projects behind its load balancer, health
    /// checked), from the Release build, on the benchmark's own Postgres database and the harness's Redis.
    /// </summary>
    private sealed class BotStage : IAsyncDisposable
    {
        private readonly DistributedApplication app;
        private readonly string clientToken;
        private readonly HttpClient http;

        private BotStage(DistributedApplication app, Uri sandbox, string clientToken)
        {
            this.app = app;
            this.clientToken = clientToken;
            http = new HttpClient { BaseAddress = sandbox, Timeout = TimeSpan.FromSeconds(60) };
            Sandbox = new SandboxClient(http);
        }

        public SandboxClient Sandbox { get; }

        public static async Task<BotStage> StartAsync(LoyaltyBenchDatabase database, string redis, CancellationToken cancellationToken)
        {
            var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
            {
                AppHostAssembly = Assembly.Load("LoyalityBot.AppHost"),
                StateDirectory = TestStateDirectory.Create("bench-bots"),
                DisableDashboard = true,
                BuildConfiguration = "Release",
            });
            builder.Configuration["DOTNET_ENVIRONMENT"] = "Production";
            // Bot ids of this run only: its keys in the shared Redis are its own (see BotIdentity).
            var botId = Random.Shared.NextInt64(100_000_000, 900_000_000);
            var tokens = new[] { "client", "partner", "admin" }.Select((name, i) => (Name: name, Token: $"{botId + i}:{Guid.NewGuid():N}")).ToList();
            var sandbox = builder.AddProject("telegram", "../LoyalityBot.TelegramSandbox/LoyalityBot.TelegramSandbox.csproj")
                .WithHttpHealthCheck("/health")
                .WithEnvironment("TelegramSandbox__Limits__Enabled", "false")
                .WithEnvironment("Logging__LogLevel__Default", "Warning");
            var bots = builder.AddProject("bots", "../LoyalityBot.Bots/LoyalityBot.Bots.csproj")
                .WithReplicas(3)
                .WithHttpHealthCheck("/health")
                .WaitFor(sandbox)
                .WithEnvironment("ConnectionStrings__loyalty", database.Database.ConnectionString)
                .WithEnvironment("ConnectionStrings__loyalty-readonly", database.Database.ReadOnlyConnectionString)
                .WithEnvironment("ConnectionStrings__cache", redis)
                .WithEnvironment("Telegram__ApiBaseUrl", sandbox.Resource.GetEndpoint("http"))
                .WithEnvironment("Telegram__WebhookSecret", $"bench_{Guid.NewGuid():N}")
                .WithEnvironment("Payments__SigningKey", $"{Guid.NewGuid():N}{Guid.NewGuid():N}")
                // Each simulated user acts every 5 s on average: more than the production per-user limits allow,
                // which would turn the mix into "try again later" replies. The limiter still runs on every update.
                .WithEnvironment("BotPipeline__MessagesPerMinute", "1000")
                .WithEnvironment("BotPipeline__CommandsPerMinute", "1000");
            bots.WithEnvironment("Telegram__WebhookBaseUrl", bots.Resource.GetEndpoint("http"));
            for (var i = 0; i < tokens.Count; i++)
            {
                sandbox.WithEnvironment($"TelegramSandbox__Bots__{i}__Name", tokens[i].Name)
                    .WithEnvironment($"TelegramSandbox__Bots__{i}__Token", tokens[i].Token)
                    .WithEnvironment($"TelegramSandbox__Bots__{i}__Username", $"bench_{tokens[i].Name}_bot");
                bots.WithEnvironment($"Telegram__Bots__{tokens[i].Name}__Token", tokens[i].Token)
                    .WithEnvironment($"Telegram__Bots__{tokens[i].Name}__Username", $"bench_{tokens[i].Name}_bot");
            }

            BenchmarkReport.Progress("starting the sandbox and 3 bot replicas (Release) behind the AppHost's load balancer");
            var app = builder.Build();
            await app.StartAsync(cancellationToken);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(TimeSpan.FromMinutes(3));
                await app.Orchestrator.WaitForAllHealthyAsync(timeout.Token);
            }
            var stage = new BotStage(app, new Uri(sandbox.Resource.GetEndpoint("http").GetValue()!), tokens[0].Token);
            await stage.WaitForWebhookAsync(cancellationToken);
            return stage;
        }

        /// <summary>Updates of the client bot not yet acknowledged by its webhook (getWebhookInfo).</summary>
        public async Task<int> PendingUpdatesAsync(CancellationToken cancellationToken) =>
            (await WebhookInfoAsync(cancellationToken)).GetProperty("pending_update_count").GetInt32();

        private async Task WaitForWebhookAsync(CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!(await WebhookInfoAsync(cancellationToken)).TryGetProperty("url", out var url) || url.GetString() is not { Length: > 0 })
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The bots did not set the client bot's webhook.");
                }
                await Task.Delay(100, cancellationToken);
            }
        }

        private async Task<JsonElement> WebhookInfoAsync(CancellationToken cancellationToken) =>
            (await http.GetFromJsonAsync<JsonElement>($"/bot{clientToken}/getWebhookInfo", cancellationToken)).GetProperty("result");

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            http.Dispose();
        }
    }
}
