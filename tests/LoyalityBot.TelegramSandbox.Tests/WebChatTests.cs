using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The web chat in headless Chromium, talking to a Telegram.Bot bot through the sandbox.</summary>
public sealed class WebChatTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        // The whole repository's tests share two cores: give the page time rather than fail on a busy machine.
        SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    private async Task<(SandboxBot Bot, SandboxUser User, ShopTestBot Handler)> ShopAsync()
    {
        var bot = await fixture.Sandbox.CreateBotAsync($"shop{Guid.NewGuid():N}"[..12], cancellationToken: Ct);
        var user = await fixture.NewUserAsync("Maria");
        return (bot, user, new ShopTestBot(fixture.Bot(bot.Token)));
    }

    [Fact]
    public async Task On_a_phone_start_shows_a_reply_keyboard_whose_button_gets_the_answer()
    {
        var (bot, user, handler) = await ShopAsync();
        await using var _ = handler;
        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });

        await page.GotoAsync($"{fixture.BaseAddress}?bot={bot.Name}&user={user.Id}");
        await page.FillAsync("#message-input", "/start");
        await page.ClickAsync("#send");
        var balance = page.Locator(".reply-keyboard button", new PageLocatorOptions { HasText = "Balance" });
        await Expect(balance).ToBeVisibleAsync();
        await balance.ClickAsync();
        var answer = page.Locator(".message.bot").Last;
        await Expect(answer.Locator(".text")).ToHaveTextAsync("Your balance: 120 points");
        await Expect(answer.Locator(".text b")).ToHaveTextAsync("120");
        await answer.Locator(".inline-keyboard button", new LocatorLocatorOptions { HasText = "Details" }).ClickAsync();
        await Expect(page.Locator(".system.callback")).ToContainTextAsync("120 points, 3 visits");

        var transcript = await fixture.Sandbox.GetTranscriptAsync(bot.Name, user.Id, Ct);
        Assert.Equal(["/start", "Balance"], transcript.Messages.Where(m => m.From == TranscriptEntry.FromUser && m.Kind == TranscriptEntry.MessageKind).Select(m => m.Text));
        var pageWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(pageWidth <= 390, $"the page is {pageWidth}px wide on a 390px phone");
    }

    [Fact]
    public async Task On_a_desktop_photos_render_and_a_t_me_start_link_opens_the_bot_with_its_payload()
    {
        var (bot, user, handler) = await ShopAsync();
        await using var _ = handler;
        var (playwright, browser) = await LaunchAsync();
        using var __ = playwright;
        await using var ___ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });

        await page.GotoAsync($"{fixture.BaseAddress}?bot={bot.Name}&user={user.Id}&start=web");
        await Expect(page.Locator(".message.bot .text").First).ToHaveTextAsync("Welcome! Code: web");
        await page.Locator(".reply-keyboard button", new PageLocatorOptions { HasText = "QR" }).ClickAsync();
        var photo = page.Locator(".message.bot img");
        await Expect(photo).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.querySelector('.message.bot img')?.naturalWidth === 120");
        await page.Locator(".message.bot a", new PageLocatorOptions { HasText = "t.me/" }).ClickAsync();
        await Expect(page.Locator(".message.bot .text").Last).ToHaveTextAsync("Welcome! Code: friend42");
        await page.SetInputFilesAsync("#document-input", new FilePayload { Name = "note.txt", MimeType = "text/plain", Buffer = "hi"u8.ToArray() });
        await Expect(page.Locator(".message.user a.document")).ToContainTextAsync("note.txt");
        await page.ClickAsync("#share-contact");
        await Expect(page.Locator(".message.user .contact")).ToContainTextAsync("+15550100");

        await page.ClickAsync("#new-user");
        await page.FillAsync("#new-user-form input[name=firstName]", "Olga");
        await page.FillAsync("#new-user-form input[name=phoneNumber]", "+15550199");
        await page.ClickAsync("#new-user-form button[type=submit]");
        await Expect(page.Locator("#user-select option:checked")).ToContainTextAsync("Olga");

        Assert.Equal(3, (await fixture.Sandbox.GetTranscriptAsync(bot.Name, user.Id, Ct)).Messages.Count(m => m.Text?.StartsWith("/start", StringComparison.Ordinal) == true
            || m.Document is not null));
        var olga = Assert.Single(await fixture.Http.GetFromJsonAsync<SandboxUser[]>("control/users", Ct) ?? [], u => u.FirstName == "Olga");
        Assert.Equal("+15550199", olga.PhoneNumber);
    }
}
