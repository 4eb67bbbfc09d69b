using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.ServiceDefaults.Tests;

/// <summary>
/// Every HttpClient of a service finds other services by name (the AppHost's <c>services__&lt;svc&gt;__http__0</c>)
/// and carries the standard resilience handler (retries on transient failures), except the OTLP exporters' own clients.
/// </summary>
public sealed class HttpClientDefaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A downstream service that fails with 503 <paramref name="failures"/> times, then answers "pong".</summary>
    private static Task<WebApplication> DownstreamAsync(int failures, StrongBox<int> calls) =>
        TestService.StartAsync(new Dictionary<string, string?>(), serviceDefaults: false, mapEndpoints: app => app.MapGet("/ping", () =>
            Interlocked.Increment(ref calls.Value) <= failures ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Text("pong")));

    /// <summary>A service whose "downstream" client addresses the other service only by its name.</summary>
    private static Task<WebApplication> CallerAsync(Uri downstream) =>
        TestService.StartAsync(
            // What the AppHost injects as services__downstream__http__0, as configuration sees it.
            new Dictionary<string, string?> { ["services:downstream:http:0"] = downstream.ToString().TrimEnd('/') },
            builder => builder.Services.AddHttpClient("downstream", http => http.BaseAddress = new Uri("http://downstream")));

    /// <summary>Calls the downstream service by name from a service with the defaults: its answer and how many requests it got.</summary>
    private static async Task<(string Answer, int Calls)> CallByNameAsync(int failures)
    {
        var calls = new StrongBox<int>();
        await using var downstream = await DownstreamAsync(failures, calls);
        await using var caller = await CallerAsync(downstream.BaseAddress());
        var http = caller.Services.GetRequiredService<IHttpClientFactory>().CreateClient("downstream");

        return (await http.GetStringAsync("/ping", Ct), calls.Value);
    }

    [Fact]
    public async Task A_client_reaches_another_service_by_its_name() =>
        Assert.Equal(("pong", 1), await CallByNameAsync(failures: 0));

    [Fact]
    public async Task Transient_failures_are_retried_by_the_standard_resilience_handler() =>
        // Two 503s, then the answer: the standard handler's retries hide them from the caller.
        Assert.Equal(("pong", 3), await CallByNameAsync(failures: 2));

    [Fact]
    public async Task The_otlp_exporters_clients_have_no_resilience_handler_of_their_own()
    {
        // The exporters retry by themselves; a second retry layer logged every export and held shutdown ~5 s.
        await using var service = await TestService.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{TestService.ClosedPort()}",
            ["services:downstream:http:0"] = "http://127.0.0.1:1",
        });
        var handlers = service.Services.GetRequiredService<IHttpMessageHandlerFactory>();

        Assert.Contains("ResilienceHandler", HandlerTypeNames(handlers.CreateHandler("downstream")));
        foreach (var exporter in new[] { "OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter" })
        {
            Assert.DoesNotContain("ResilienceHandler", HandlerTypeNames(handlers.CreateHandler(exporter)));
        }
    }

    private static List<string> HandlerTypeNames(HttpMessageHandler handler)
    {
        var names = new List<string>();
        for (HttpMessageHandler? current = handler; current is not null; current = (current as DelegatingHandler)?.InnerHandler)
        {
            names.Add(current.GetType().Name);
        }
        return names;
    }
}
