namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>Control API housekeeping: creating bots and users, refusals as problems, reset.</summary>
public sealed class ControlApiTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Created_bots_answer_Telegram_Bot_and_reset_returns_to_the_configured_bots()
    {
        var created = await fixture.Sandbox.CreateBotAsync("loyalty_demo", "777:demo-token", "demo_bot", Ct);
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync("demo_bot", user.Id, cancellationToken: Ct);
        var duplicate = await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.CreateBotAsync("loyalty_demo", cancellationToken: Ct));
        var badToken = await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.CreateBotAsync("other", "no-colon", cancellationToken: Ct));
        var sameId = await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.CreateBotAsync("other", "777:another-secret", cancellationToken: Ct));
        var generated = await fixture.Sandbox.CreateBotAsync("generated", cancellationToken: Ct);
        var noUser = await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.SendTextAsync("client", 1, "hi", Ct));
        var me = await fixture.Bot("777:demo-token").GetMe(Ct);
        var byId = await fixture.Sandbox.GetBotAsync("777", Ct);

        await fixture.Sandbox.ResetAsync(Ct);

        Assert.Equal((777, "demo_bot"), (me.Id, me.Username));
        Assert.Equal(created, byId);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badToken.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, sameId.StatusCode);
        Assert.Equal(("generated_bot", generated.Id), (generated.Username, long.Parse(generated.Token.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, noUser.StatusCode);
        Assert.Equal(["client", "partner", "admin"], (await fixture.Sandbox.GetBotsAsync(Ct)).Select(b => b.Name));
        var afterReset = await Assert.ThrowsAsync<ApiRequestException>(() => fixture.Bot("777:demo-token").GetMe(Ct));
        Assert.Equal(401, afterReset.ErrorCode);
        await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.GetTranscriptAsync("client", user.Id, Ct));
    }

    [Fact]
    public async Task A_batch_of_user_actions_queues_each_update_and_reports_the_ones_that_cannot_happen()
    {
        var bot = await fixture.Sandbox.CreateBotAsync($"batch{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        var (ann, bob) = (await fixture.NewUserAsync("Ann"), await fixture.NewUserAsync("Bob"));
        await fixture.Sandbox.StartAsync(bot.Name, ann.Id, cancellationToken: Ct);
        await fixture.Bot(bot.Token).SendMessage(ann.Id, "pick", replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("A", "pick:a")), cancellationToken: Ct);

        // Ann's text and press happen; Bob has no such button, the unknown user and the empty action cannot act.
        var result = await fixture.Sandbox.ActAsync(bot.Name,
            [new UserAction(ann.Id, Text: "hello"), new UserAction(ann.Id, CallbackData: "pick:a"), new UserAction(bob.Id, CallbackData: "pick:a"),
             new UserAction(987_654_321_000, Text: "who?"), new UserAction(bob.Id)], Ct);
        var empty = await Assert.ThrowsAsync<SandboxException>(() => fixture.Sandbox.ActAsync(bot.Name, [], Ct));

        Assert.Equal(2, result.Accepted);
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, empty.StatusCode);
        var updates = await fixture.Bot(bot.Token).GetUpdates(cancellationToken: Ct);
        Assert.Equal(["/start", "hello", "pick:a"], updates.Select(u => u.Message?.Text ?? u.CallbackQuery?.Data));
    }
}
