using System.Diagnostics;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>getUpdates: offsets confirm, negative offsets, long polling, allowed_updates and the second-poller conflict.</summary>
public sealed class PollingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each test has a bot of its own, so no other test's updates are in its queue.
    private async Task<TelegramBotClient> NewBotAsync()
    {
        var created = await fixture.Sandbox.CreateBotAsync($"poll{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        return fixture.Bot(created.Token);
    }

    [Fact]
    public async Task Offsets_confirm_updates_and_update_ids_grow_by_one()
    {
        var bot = await NewBotAsync();
        var name = (await bot.GetMe(Ct)).FirstName;
        var user = await fixture.NewUserAsync();
        foreach (var text in new[] { "one", "two", "three", "four" })
        {
            await fixture.Sandbox.SendTextAsync(name, user.Id, text, Ct);
        }

        var all = await bot.GetUpdates(cancellationToken: Ct);
        var firstTwo = await bot.GetUpdates(limit: 2, cancellationToken: Ct);
        var afterSecond = await bot.GetUpdates(offset: all[1].Id + 1, cancellationToken: Ct);
        var againAfterConfirm = await bot.GetUpdates(cancellationToken: Ct);
        var lastOnly = await bot.GetUpdates(offset: -1, cancellationToken: Ct);
        var afterNegative = await bot.GetUpdates(cancellationToken: Ct);

        Assert.Equal(["one", "two", "three", "four"], all.Select(u => u.Message!.Text));
        Assert.Equal(Enumerable.Range(all[0].Id, 4), all.Select(u => u.Id));
        Assert.Equal(["one", "two"], firstTwo.Select(u => u.Message!.Text));
        Assert.Equal(["three", "four"], afterSecond.Select(u => u.Message!.Text));
        Assert.Equal(["three", "four"], againAfterConfirm.Select(u => u.Message!.Text));
        Assert.Equal(["four"], lastOnly.Select(u => u.Message!.Text));
        Assert.Equal(["four"], afterNegative.Select(u => u.Message!.Text));
        Assert.Equal(1, (await bot.GetWebhookInfo(Ct)).PendingUpdateCount);
    }

    [Fact]
    public async Task Long_poll_returns_as_soon_as_an_update_arrives_or_empty_at_the_timeout()
    {
        var bot = await NewBotAsync();
        var name = (await bot.GetMe(Ct)).FirstName;
        var user = await fixture.NewUserAsync();

        var clock = Stopwatch.StartNew();
        var empty = await bot.GetUpdates(timeout: 1, cancellationToken: Ct);
        var waitedForNothing = clock.Elapsed;
        clock.Restart();
        var polling = bot.GetUpdates(timeout: 30, cancellationToken: Ct);
        await Task.Delay(300, Ct);
        await fixture.Sandbox.SendTextAsync(name, user.Id, "ping", Ct);
        var woken = await polling;

        Assert.Empty(empty);
        Assert.InRange(waitedForNothing, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal("ping", Assert.Single(woken).Message!.Text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_second_poller_terminates_the_first_with_409()
    {
        var bot = await NewBotAsync();

        var first = bot.GetUpdates(timeout: 20, cancellationToken: Ct);
        await Task.Delay(300, Ct);
        var second = bot.GetUpdates(timeout: 1, cancellationToken: Ct);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => first);

        Assert.Equal(409, conflict.ErrorCode);
        Assert.Equal("Conflict: terminated by other getUpdates request; make sure that only one bot instance is running", conflict.Message);
        Assert.Empty(await second);
    }

    [Fact]
    public async Task Setting_a_webhook_terminates_a_waiting_poller_with_409()
    {
        var bot = await NewBotAsync();

        var polling = bot.GetUpdates(timeout: 20, cancellationToken: Ct);
        await Task.Delay(300, Ct);
        await bot.SetWebhook("http://127.0.0.1:9/hook", cancellationToken: Ct);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => polling);

        Assert.Equal((409, "Conflict: terminated by setWebhook request"), (conflict.ErrorCode, conflict.Message));
        Assert.Equal("http://127.0.0.1:9/hook", (await bot.GetWebhookInfo(Ct)).Url);
    }

    [Fact]
    public async Task Allowed_updates_filters_what_is_queued()
    {
        var bot = await NewBotAsync();
        var name = (await bot.GetMe(Ct)).FirstName;
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync(name, user.Id, cancellationToken: Ct);
        var start = await bot.GetUpdates(allowedUpdates: [UpdateType.CallbackQuery], cancellationToken: Ct);
        await bot.SendMessage(user.Id, "Pick", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "a")), cancellationToken: Ct);

        await fixture.Sandbox.SendTextAsync(name, user.Id, "ignored", Ct);
        await fixture.Sandbox.PressInlineButtonAsync(name, user.Id, new PressInlineButtonRequest(CallbackData: "a"), Ct);
        var updates = await bot.GetUpdates(offset: start[0].Id + 1, cancellationToken: Ct);

        Assert.Equal(UpdateType.CallbackQuery, Assert.Single(updates).Type);
    }
}
