using System.Net.Http.Json;
using LoyalityBot.Hosting.Dashboard;
using Microsoft.Playwright;

namespace LoyalityBot.Hosting.Tests;

/// <summary>The dashboard driven in Debian's headless Chromium: token login, the resource table, a restart.</summary>
[Collection(StackCollection.Name)]
public sealed class DashboardBrowserTests(StackFixture stack)
{
    [Fact]
    public async Task The_dashboard_lists_the_resources_and_restarts_one()
    {
        await stack.WaitForAllHealthyAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();

        // Without the token the dashboard sends the browser to its login page.
        await page.GotoAsync(stack.App.DashboardUrl!);
        Assert.EndsWith("/login", page.Url, StringComparison.Ordinal);

        await page.GotoAsync(stack.App.DashboardLoginUrl!);
        var table = page.Locator("#resources");
        foreach (var name in new[] { "postgres", "postgres-replicas", "cache", "messaging", "api", "bots", "workers" })
        {
            await Assertions.Expect(table.Locator($"tr[data-name='{name}']")).ToBeVisibleAsync();
        }
        // Live console logs of one replica.
        await table.Locator("tr[data-name='bots'] a").First.ClickAsync();
        await page.Locator("#replica").SelectOptionAsync("bots-1");
        await Assertions.Expect(page.Locator("#logs")).ToContainTextAsync("[bots-1]", new() { Timeout = 15_000 });
        Assert.DoesNotContain("[bots-0]", await page.Locator("#logs").InnerTextAsync());

        var workers = table.Locator("tr[data-name='workers']");
        await Assertions.Expect(workers).ToContainTextAsync("Healthy");
        var pidsBefore = stack.App.Orchestrator.GetResources().Single(r => r.Name == "workers").Instances.Select(i => i.Pid).ToList();

        await page.GetByLabel("restart workers").ClickAsync();

        await StackTests.WaitUntilAsync(() => stack.App.Orchestrator.GetResources().Single(r => r.Name == "workers")
            .Instances.All(i => i.Health == "Healthy" && !pidsBefore.Contains(i.Pid)), TimeSpan.FromSeconds(30));
        await Assertions.Expect(workers).ToContainTextAsync("Healthy");

        // The services export traces, logs and metrics to the dashboard over OTLP (the env the AppHost injects).
        await Assertions.Expect(page.Locator("#telemetry tr[data-service='api']")).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Every_service_exports_its_telemetry_to_the_dashboard()
    {
        await stack.WaitForAllHealthyAsync();
        using var http = new HttpClient { BaseAddress = new Uri(stack.App.DashboardUrl!) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", new Uri(stack.App.DashboardLoginUrl!).Query["?t=".Length..]);

        await StackTests.WaitUntilAsync(() =>
        {
            var telemetry = http.GetFromJsonAsync<List<TelemetryStore.Summary>>("/api/telemetry").GetAwaiter().GetResult()!;
            return new[] { "api", "bots", "workers", "telegram" }.All(service =>
                telemetry.SingleOrDefault(t => t.Service == service) is { Metrics: > 0, Logs: > 0 } summary
                && summary.Instances.Contains($"{service}-0"));
        }, TimeSpan.FromSeconds(30));
    }
}
