using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LoyalityBot.Bots.Tests;

/// <summary>
/// The sandbox's web chat in headless Chromium (Debian's, no download) as a person talking to the client bot of the
/// three-replica stage: register by sharing the contact, see the balance, open the QR card.
/// </summary>
public sealed class WebChatBrowserTests(BotCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_the_web_chat_a_user_registers_sees_the_balance_and_opens_the_qr_card()
    {
        // Replies cross the load balancer and three replicas on a shared 2-core machine: be patient rather than flaky.
        SetDefaultExpectTimeout(60_000);
        var user = await cluster.NewUserAsync("Nina", languageCode: "en");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true });
        var bot = page.Locator(".message.bot");

        await page.GotoAsync(new Uri(cluster.SandboxAddress, $"?bot=client&user={user.Id}").ToString());
        await Expect(page.Locator("#send")).ToBeEnabledAsync();
        await page.FillAsync("#message-input", "/start");
        await page.ClickAsync("#send");

        // The bot asks for the contact with a request_contact button ("☎ " in the web chat); pressing it shares it.
        var shareContact = page.Locator(".reply-keyboard button", new PageLocatorOptions { HasText = "☎" });
        await Expect(shareContact).ToBeVisibleAsync();
        await shareContact.ClickAsync();
        await Expect(page.Locator(".message.user .contact")).ToContainTextAsync(user.PhoneNumber!);
        await Expect(bot.Last.Locator(".text")).ToContainTextAsync("You are registered and received 100 welcome points. Balance: 100.");

        await page.Locator(".reply-keyboard button", new PageLocatorOptions { HasText = "Balance" }).ClickAsync();
        await Expect(bot.Last.Locator(".text")).ToContainTextAsync("Balance: 100 points");

        await page.Locator(".reply-keyboard button", new PageLocatorOptions { HasText = "My card" }).ClickAsync();
        var code = await cluster.QueryAsync(db => db.Clients.Where(c => c.Id == user.Id).Select(c => c.ReferralCode).SingleAsync(Ct));
        await Expect(bot.Last.Locator("img")).ToBeVisibleAsync();
        await Expect(bot.Last).ToContainTextAsync($"Code: {code}");
        // The QR really rendered: the browser decoded the PNG the bot sent (a broken image has no natural width).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.message.bot img')].at(-1)?.naturalWidth > 0");

        Assert.Equal(100, await cluster.QueryAsync(db => db.PointAccounts.Where(a => a.ClientId == user.Id).Select(a => a.Balance).SingleAsync(Ct)));
    }
}
