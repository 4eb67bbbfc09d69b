using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>The web chat in headless Chromium, talking to a Telegram.Bot bot through the sandbox.</summary>
public sealed class WebChatTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A shop bot (<see cref="ShopTestBot"/>), a fresh user, and a page in headless Chromium, disposed together.</summary>
    private sealed class ShopChat(SandboxBot bot, SandboxUser user, ShopTestBot handler, IPlaywright playwright, IBrowser browser, IPage page) : IAsyncDisposable
    {
        public SandboxBot Bot => bot;

        public SandboxUser User => user;

        public IPage Page => page;

        public async ValueTask DisposeAsync()
        {
            await browser.DisposeAsync();
            playwright.Dispose();
            await handler.DisposeAsync();
        }
    }

    private async Task<ShopChat> OpenShopChatAsync(int width, int height, bool isMobile = false)
    {
        // The whole repository's tests share two cores: give the page time rather than fail on a busy machine.
        SetDefaultExpectTimeout(20_000);
        var bot = await fixture.Sandbox.CreateBotAsync($"shop{Guid.NewGuid():N}"[..12], cancellationToken: Ct);
        var user = await fixture.NewUserAsync("Maria");
        var handler = new ShopTestBot(fixture.Bot(bot.Token));
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, IsMobile = isMobile });
        return new ShopChat(bot, user, handler, playwright, browser, page);
    }

    [Fact]
    public async Task On_a_phone_start_shows_a_reply_keyboard_whose_button_gets_the_answer()
    {
        await using var chat = await OpenShopChatAsync(390, 844, isMobile: true);
        var (bot, user, page) = (chat.Bot, chat.User, chat.Page);

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
        await using var chat = await OpenShopChatAsync(1280, 800);
        var (bot, user, page) = (chat.Bot, chat.User, chat.Page);

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

    [Fact]
    public async Task A_bot_picked_from_the_list_gets_an_uploaded_photo_and_its_document_opens()
    {
        await using var chat = await OpenShopChatAsync(1280, 800);
        var (bot, user, page) = (chat.Bot, chat.User, chat.Page);

        // No bot in the address: the page opens the first bot, and the person picks another from the list.
        await page.GotoAsync($"{fixture.BaseAddress}?user={user.Id}");
        await Expect(page.Locator("#bot-select")).ToHaveValueAsync("client");
        await page.Locator("#bot-select").SelectOptionAsync(bot.Name);
        await page.FillAsync("#message-input", "/start");
        await page.ClickAsync("#send");
        await Expect(page.Locator(".message.bot .text").First).ToHaveTextAsync("Welcome! Code: none");

        await page.SetInputFilesAsync("#photo-input", new FilePayload { Name = "receipt.png", MimeType = "image/png", Buffer = TestImages.Png(64, 48) });
        await page.WaitForFunctionAsync("() => document.querySelector('.message.user img')?.naturalWidth === 64");
        await Expect(page.Locator(".message.bot .text").Last).ToHaveTextAsync("You said: a file");

        var report = "id;points\n1;120\n"u8.ToArray();
        await fixture.Bot(bot.Token).SendDocument(user.Id, InputFile.FromStream(new MemoryStream(report), "points.csv"), cancellationToken: Ct);
        var link = page.Locator(".message.bot a.document");
        await Expect(link).ToContainTextAsync("points.csv");
        var opened = await page.EvaluateAsync<string>("async (href) => await (await fetch(href)).text()", await link.GetAttributeAsync("href"));

        Assert.Equal("id;points\n1;120\n", opened);
        var fromUser = (await fixture.Sandbox.GetTranscriptAsync(bot.Name, user.Id, Ct)).Messages.Where(m => m.From == TranscriptEntry.FromUser).ToList();
        Assert.Equal((64, 48), (fromUser[^1].Photo![^1].Width, fromUser[^1].Photo![^1].Height));
        Assert.All(fromUser, m => Assert.InRange(m.Date, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1)));
    }
}
