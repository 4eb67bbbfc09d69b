using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.ServiceDefaults.Tests;

/// <summary>
/// OpenTelemetry as the defaults set it up: LoyalityBot's meters on the Prometheus scrape endpoint, and traces, metrics
/// and logs exported over OTLP when (and because) <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class TelemetryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_serves_LoyalityBot_meters_for_prometheus_and_leaves_others_out()
    {
        await using var app = await TestService.StartAsync(new Dictionary<string, string?>());
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        meters.Create("LoyalityBot.ServiceDefaultsTests").CreateCounter<long>("defaults_probe_checks").Add(3);
        meters.Create("Somebody.Else").CreateCounter<long>("foreign_probe_checks").Add(5);
        using var http = new HttpClient { BaseAddress = app.BaseAddress() };

        using var response = await http.GetAsync(Extensions.MetricsEndpointPath, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE defaults_probe_checks_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^defaults_probe_checks_total(\{[^}]*\})? 3( |$)", text);
        Assert.DoesNotContain("foreign_probe_checks", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Traces_metrics_and_logs_go_to_the_otlp_endpoint_when_it_is_set()
    {
        var received = new ConcurrentDictionary<string, int>();
        await using var collector = await TestService.StartAsync(new Dictionary<string, string?>(), serviceDefaults: false,
            mapEndpoints: app => app.MapPost("/v1/{signal}", (string signal) =>
            {
                received.AddOrUpdate(signal, 1, (_, n) => n + 1);
                return Results.Ok();
            }));
        // The variables the AppHost injects, plus short export intervals for the test.
        await using var service = await TestService.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseAddress().ToString().TrimEnd('/'),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "defaults-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        }, mapEndpoints: app => app.MapGet("/work", (ILogger<TelemetryTests> logger) =>
        {
            logger.LogWarning("work done");
            return "done";
        }));
        using var http = new HttpClient { BaseAddress = service.BaseAddress() };

        Assert.Equal("done", await http.GetStringAsync("/work", Ct));

        var clock = Stopwatch.StartNew();
        while (!(received.ContainsKey("traces") && received.ContainsKey("metrics") && received.ContainsKey("logs")))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"received only: {string.Join(", ", received.Keys)}");
            await Task.Delay(100, Ct);
        }
    }
}
