using LoyalityBot.AppHost.Extensions;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text;
using LoyalityBot.Benchmarks.Load;
using LoyalityBot.Domain.Seeding;
using LoyalityBot.Hosting;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Testing;
using Npgsql;

namespace LoyalityBot.Benchmarks.Benchmarks;

/// <summary>
/// The REST API under HTTP load: the AppHost's runtime starts Postgres (primary + streaming replica), Redis, RabbitMQ,
/// the migrations job and 2 API replicas as separate processes (from the AppHost's build configuration: Release under
/// `./build.sh bench`) behind its load balancer; 1,000,000 transactions are seeded; sessions come from real signed
/// initData. After an unmeasured warm-up of every endpoint (--warmup S, default 30; 0 for none), each endpoint gets a
/// closed-loop capacity probe, then open-loop runs (<see cref="OpenLoopLoad"/>) of --seconds S (default 15) at
/// min(goal, 90 / 70 / 50 % of the probe) until one meets the p95 goal; that run's rps and latency percentiles are
/// reported. Seed size: --clients, --partners, --transactions.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ApiBenchmark : IBenchmark
{
    private const string ClientBotToken = "123456:bench-client-bot-token";
    private const long Regular = SeedSize.FirstClientId + 3;   // a frequent buyer: a full history page
    private const long Partner = SeedSize.FirstPartnerId + 7;
    private const long WarmupPartner = SeedSize.FirstPartnerId + 8;
    private const double ListGoalRps = 5_000;
    private const double AccrualGoalRps = 1_000;
    private const double ListGoalP95Ms = 20;
    private const double AccrualGoalP95Ms = 50;
    /// <summary>Accruals of the warm-up are numbered from here, apart from the probes' and the measured run's idempotency keys.</summary>
    private const long WarmupRequests = long.MaxValue / 4;

    public string Name => "api";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var size = new SeedSize(BenchmarkOptions.Int(args, "clients", 100_000), BenchmarkOptions.Int(args, "partners", 1_000), BenchmarkOptions.Int(args, "transactions", 1_000_000));
        var seconds = TimeSpan.FromSeconds(BenchmarkOptions.Int(args, "seconds", 15));
        var warmup = TimeSpan.FromSeconds(BenchmarkOptions.Int(args, "warmup", 30));
        var builder = DistributedApplicationTestingBuilder.CreateEmpty("bench-api");
        // The AppHost's own backing services and service wiring, with the API alone on them.
        var backing = LoyaltyBackingServices.Add(builder);
        var api = backing.AddService("api", "../LoyalityBot.Api/LoyalityBot.Api.csproj", replicas: 2)
            .WithEnvironment("Auth__SessionSigningKey", "bench-session-signing-key-0123456789abcdef")
            .WithEnvironment("Payments__SigningKey", "bench-payment-signing-key-0123456789abcdef")
            .WithEnvironment("Telegram__Bots__client__Token", ClientBotToken)
            .WithEnvironment("Telegram__Bots__client__Username", "bench_client_bot")
            .WithEnvironment("Telegram__Bots__partner__Username", "bench_partner_bot")
            .WithEnvironment("Media__RootPath", Path.Combine(Path.GetTempPath(), $"loyalitybot-bench-media-{Environment.ProcessId}"));
        // The load comes from one IP and three users: the limiter still runs (a Redis round trip per request), with
        // budgets far above the load, as a load test must.
        foreach (var scope in new[] { "PerIp", "PerUser" })
        {
            api.WithEnvironment($"RateLimits__{scope}__Limit", "10000000").WithEnvironment($"RateLimits__{scope}__Period", "00:01:00")
                .WithEnvironment($"RateLimits__{scope}__Burst", "10000000");
        }

        await using var app = builder.Build();
        BenchmarkReport.Progress("starting the servers, the migrations and 2 api replicas (the AppHost's build configuration)");
        await app.StartAsync(cancellationToken);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            await app.WaitForResourceHealthyAsync("api", timeout.Token);
        }
        var primary = backing.Loyalty.Resource.ConnectionStringExpression.GetValue()!;
        await using (var dataSource = NpgsqlDataSource.Create(primary))
        {
            BenchmarkReport.Progress($"seeding {size.Clients:N0} clients, {size.Partners:N0} partners, {size.Transactions:N0} transactions");
            await LoyaltyBenchDatabase.SeedAsync(dataSource, size, cancellationToken);
        }
        // The list endpoints read the replica.
        await ReplicaCatchUp.WaitAsync(primary, backing.LoyaltyReadOnly.Resource.ConnectionStringExpression.GetValue()!, TimeSpan.FromMinutes(5), cancellationToken);

        var url = new Uri(api.Resource.GetEndpoint("http").GetValue()!);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = url,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var client = await SignInAsync(http, Regular, cancellationToken);
        var partner = await SignInAsync(http, Partner, cancellationToken);
        var load = new OpenLoopLoad(http);
        var run = Guid.NewGuid().ToString("N")[..8];

        var lists = new (string Name, Func<long, HttpRequestMessage> Request)[]
        {
            ("promotions_city", _ => Get("/api/v1/client/promotions?cityId=2", client)),
            ("client_history", _ => Get("/api/v1/client/me/history", client)),
            ("partner_analytics_30d", _ => Get("/api/v1/partner/analytics?period=30d", partner)),
        };
        Func<long, HttpRequestMessage> AccrualAs(string token) => i =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/accruals")
            {
                Content = new StringContent(
                    string.Create(CultureInfo.InvariantCulture, $$"""{"clientId":{{SeedSize.FirstClientId + i % size.Clients}},"purchaseAmount":120}"""),
                    Encoding.UTF8, "application/json"),
            };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            message.Headers.Add("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{run}-{i}"));
            return message;
        };
        if (warmup > TimeSpan.Zero)
        {
            // A long-running API is warm: the JIT has tiered up its hot paths. A fresh replica spends a third of its CPU
            // on the tiered-compilation thread for tens of seconds, so every endpoint is exercised first, unmeasured.
            // Its accruals go to another partner: the measured partner's analytics cover the seeded data only.
            var mix = lists.Select(l => l.Request).Append(AccrualAs(await SignInAsync(http, WarmupPartner, cancellationToken))).ToArray();
            BenchmarkReport.Progress($"warm-up: {warmup.TotalSeconds:0} s of all {mix.Length} endpoints, closed loop (32 callers)");
            await load.ProbeCapacityAsync(i => mix[i % mix.Length](WarmupRequests + i), 32, warmup, cancellationToken);
        }
        var results = new List<(string Name, LoadResult Result)>();
        foreach (var (name, request) in lists)
        {
            results.Add((name, await MeasureAsync(load, name, request, ListGoalRps, ListGoalP95Ms, seconds, cancellationToken)));
        }
        var accruals = await MeasureAsync(load, "accrual", AccrualAs(partner), AccrualGoalRps, AccrualGoalP95Ms, seconds, cancellationToken);

        foreach (var (name, result) in results)
        {
            BenchmarkReport.Figure($"api_{name}_rps", result.Rps, "1/s");
            BenchmarkReport.Figure($"api_{name}_p50_ms", result.P50, "ms");
            BenchmarkReport.Figure($"api_{name}_p95_ms", result.P95, "ms");
            BenchmarkReport.Figure($"api_{name}_p99_ms", result.P99, "ms");
        }
        BenchmarkReport.Figure("api_list_rps", results.Min(r => r.Result.Rps), "1/s");
        BenchmarkReport.Figure("api_list_p95_ms", results.Max(r => r.Result.P95), "ms");
        BenchmarkReport.Figure("api_accrual_rps", accruals.Rps, "1/s");
        BenchmarkReport.Figure("api_accrual_p95_ms", accruals.P95, "ms");
        await app.StopAsync();
    }

    /// <summary>The open-loop rates tried, as fractions of the closed-loop capacity.</summary>
    private static readonly double[] CapacityFractions = [0.9, 0.7, 0.5];

    /// <summary>
    /// A short warm-up and a capacity probe (closed loop, 64 callers), then open-loop runs stepping down from 90 % of
    /// that capacity until one meets the latency goal. The figure is the highest rate served within it: a closed
    /// loop saturates the stack, so an open loop just under its rate queues up. If none meets it, the lowest step's run.
    /// </summary>
    private static async Task<LoadResult> MeasureAsync(
        OpenLoopLoad load, string name, Func<long, HttpRequestMessage> request, double goal, double p95GoalMs, TimeSpan duration, CancellationToken ct)
    {
        // Accruals must not reuse the measured runs' idempotency keys: the probe numbers its requests from far away,
        // and each step from its own billion.
        Func<long, HttpRequestMessage> probe = i => request(long.MaxValue / 2 + i);
        await load.ProbeCapacityAsync(probe, 16, TimeSpan.FromSeconds(3), ct);
        var capacity = await load.ProbeCapacityAsync(i => probe(1_000_000_000 + i), 64, TimeSpan.FromSeconds(5), ct);
        BenchmarkReport.Progress($"{name}: closed-loop capacity {capacity:0} 1/s");
        LoadResult? result = null;
        for (var step = 0; step < CapacityFractions.Length; step++)
        {
            var rate = Math.Min(goal, Math.Max(10, CapacityFractions[step] * capacity));
            BenchmarkReport.Progress($"{name}: open loop at {rate:0} 1/s for {duration.TotalSeconds:0} s");
            var offset = step * 1_000_000_000L;
            result = await load.RunAsync(i => request(offset + i), rate, duration, ct);
            var withinGoal = result.P95 <= p95GoalMs;
            BenchmarkReport.Progress($"{name}: {result}{(withinGoal ? "" : $" (p95 above {p95GoalMs} ms)")}");
            if (result.Failed > 0)
            {
                throw new InvalidOperationException($"{name}: {result.Failed} requests failed.");
            }
            if (withinGoal)
            {
                break;
            }
        }
        return result!;
    }

    private static HttpRequestMessage Get(string path, string token)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, path);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return message;
    }

    private static async Task<string> SignInAsync(HttpClient http, long userId, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/api/v1/auth/session", new { initData = InitData.Sign(ClientBotToken, userId, DateTimeOffset.UtcNow) }, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Session>(ct))!.Token;
    }

    private sealed record Session(string Token);
}
