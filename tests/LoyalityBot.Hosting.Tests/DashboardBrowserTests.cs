using System.Net.Http.Json;
using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Dashboard;
using LoyalityBot.Hosting.Runtime;
using Microsoft.Playwright;

namespace LoyalityBot.Hosting.Tests;

/// <summary>The dashboard driven in Debian's headless Chromium: token login, the resource table, stop, start and restart.</summary>
[Collection(StackCollection.Name)]
public sealed class DashboardBrowserTests(StackFixture stack)
{
    [Fact]
    public async Task The_dashboard_lists_the_resources_and_restarts_one()
    {
        await stack.WaitForAllHealthyAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
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

    /// <summary>
    /// Stop, then Start, clicked in Chromium: the JSON API and the table show the resource stopped with no process,
    /// then running and healthy on new processes. The table also links the Telegram sandbox's web chat.
    /// </summary>
    [Fact]
    public async Task The_dashboard_stops_and_starts_a_resource_and_links_the_telegram_sandbox()
    {
        await stack.WaitForAllHealthyAsync();
        using var api = DashboardApiClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromiumAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(stack.App.DashboardLoginUrl!);
        var table = page.Locator("#resources");

        var sandbox = stack.App.Resources.OfType<ProjectResource>().Single(p => p.Name == "telegram").GetEndpoint("http").GetValue()!;
        Assert.Contains(sandbox, (await ResourceAsync(api, "telegram")).Endpoints);
        await Assertions.Expect(table.Locator($"tr[data-name='telegram'] a[href='{sandbox}']")).ToBeVisibleAsync();

        var workers = table.Locator("tr[data-name='workers']");
        await Assertions.Expect(workers).ToContainTextAsync("Healthy");
        var pidsBefore = (await ResourceAsync(api, "workers")).Instances.Select(i => i.Pid!.Value).ToList();
        Assert.Equal(2, pidsBefore.Count);

        await page.GetByLabel("stop workers", new() { Exact = true }).ClickAsync();

        await WaitForResourceAsync(api, "workers", r => r.State == KnownResourceStates.Stopped && r.Instances.All(i => i.Pid is null));
        Assert.Equal(nameof(HealthStatus.Unknown), (await ResourceAsync(api, "workers")).Health);
        Assert.DoesNotContain(pidsBefore, ProcessTree.IsAlive);
        await Assertions.Expect(workers.Locator("td.state-Stopped")).ToBeVisibleAsync();

        await page.GetByLabel("start workers", new() { Exact = true }).ClickAsync();

        await WaitForResourceAsync(api, "workers", r => r is { State: KnownResourceStates.Running, Health: nameof(HealthStatus.Healthy) }
            && r.Instances.All(i => i.Pid is { } pid && !pidsBefore.Contains(pid)));
        Assert.All((await ResourceAsync(api, "workers")).Instances, i => Assert.True(ProcessTree.IsAlive(i.Pid!.Value)));
        await Assertions.Expect(workers.Locator("td.state-Running")).ToBeVisibleAsync();
        await Assertions.Expect(workers).ToContainTextAsync("Healthy");
    }

    [Fact]
    public async Task Every_service_exports_its_telemetry_to_the_dashboard()
    {
        await stack.WaitForAllHealthyAsync();
        using var http = DashboardApiClient();

        await StackTests.WaitUntilAsync(() =>
        {
            var telemetry = http.GetFromJsonAsync<List<TelemetryStore.Summary>>("/api/telemetry").GetAwaiter().GetResult()!;
            return new[] { "api", "bots", "workers", "telegram" }.All(service =>
                telemetry.SingleOrDefault(t => t.Service == service) is { Metrics: > 0, Logs: > 0 } summary
                && summary.Instances.Contains($"{service}-0"));
        }, TimeSpan.FromSeconds(30));
    }

    private static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });

    /// <summary>The dashboard's JSON API as a script calls it, with the browser token as a bearer token.</summary>
    private HttpClient DashboardApiClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(stack.App.DashboardUrl!) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", new Uri(stack.App.DashboardLoginUrl!).Query["?t=".Length..]);
        return http;
    }

    private static async Task<ResourceSnapshot> ResourceAsync(HttpClient api, string name) =>
        (await api.GetFromJsonAsync<List<ResourceSnapshot>>("/api/resources", TestContext.Current.CancellationToken))!.Single(r => r.Name == name);

    private static async Task WaitForResourceAsync(HttpClient api, string name, Func<ResourceSnapshot, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        ResourceSnapshot resource;
        while (!condition(resource = await ResourceAsync(api, name)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{name} is {resource.State} ({resource.Health}), pids {string.Join(' ', resource.Instances.Select(i => i.Pid))}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
