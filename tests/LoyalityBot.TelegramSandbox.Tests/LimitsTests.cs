using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>Telegram's flood limits (per chat, per bot, per group): 429s with retry_after, honoured by Telegram.Bot.</summary>
public sealed class LimitsTests(LimitedSandboxFixture fixture) : IClassFixture<LimitedSandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // A bot per test: the per-bot bucket is the bot's own.
    private async Task<(SandboxBot Bot, SandboxUser User)> StartedChatAsync()
    {
        var bot = await fixture.Sandbox.CreateBotAsync($"lim{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        var user = await fixture.NewUserAsync();
        await fixture.Sandbox.StartAsync(bot.Name, user.Id, cancellationToken: Ct);
        return (bot, user);
    }

    [Fact]
    public async Task A_burst_to_one_chat_gets_429_with_retry_after_and_succeeds_after_waiting_it()
    {
        var (created, user) = await StartedChatAsync();
        var bot = fixture.Bot(created.Token, retryThreshold: 0);

        for (var i = 0; i < 3; i++)
        {
            await bot.SendMessage(user.Id, $"burst {i}", cancellationToken: Ct);
        }
        var limited = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(user.Id, "one too many", cancellationToken: Ct));
        using var raw = await fixture.Http.PostAsJsonAsync($"/bot{created.Token}/sendMessage", new { chat_id = user.Id, text = "raw" }, Ct);
        var body = await raw.Content.ReadFromJsonAsync<JsonElement>(Ct);
        await Task.Delay(TimeSpan.FromSeconds(limited.Parameters!.RetryAfter!.Value), Ct);
        var afterWaiting = await bot.SendMessage(user.Id, "patient", cancellationToken: Ct);

        Assert.Equal(429, limited.ErrorCode);
        Assert.Equal(1, limited.Parameters.RetryAfter);
        Assert.Equal("Too Many Requests: retry after 1", limited.Message);
        Assert.Equal(HttpStatusCode.TooManyRequests, raw.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), raw.Headers.RetryAfter!.Delta);
        Assert.Equal(1, body.GetProperty("parameters").GetProperty("retry_after").GetInt32());
        Assert.Equal("patient", afterWaiting.Text);
        Assert.Equal(2, (await fixture.Sandbox.GetCountersAsync(created.Name, Ct)).TooManyRequests);
    }

    [Fact]
    public async Task Telegram_Bot_honours_retry_after_on_its_own()
    {
        var (created, user) = await StartedChatAsync();
        var bot = fixture.Bot(created.Token, retryThreshold: 60);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            await bot.SendMessage(user.Id, $"m{i}", cancellationToken: Ct);
        }

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"five sends took only {clock.Elapsed}");
        Assert.Equal(5, (await fixture.Sandbox.GetTranscriptAsync(created.Name, user.Id, Ct)).Messages.Count(m => m.From == TranscriptEntry.FromBot));
        Assert.True((await fixture.Sandbox.GetCountersAsync(created.Name, Ct)).TooManyRequests >= 2);
    }

    [Fact]
    public async Task A_bot_gets_a_burst_of_30_messages_across_chats_then_429s()
    {
        var created = await fixture.Sandbox.CreateBotAsync($"lim{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        var users = await Task.WhenAll(Enumerable.Range(0, 45).Select(_ => fixture.NewUserAsync()));
        foreach (var user in users)
        {
            await fixture.Sandbox.StartAsync(created.Name, user.Id, cancellationToken: Ct);
        }
        var bot = fixture.Bot(created.Token, retryThreshold: 0);
        var defaults = await fixture.Sandbox.GetLimitsAsync(Ct);
        int[] results;
        try
        {
            // A slow refill keeps the count exact however long the burst takes on a busy machine.
            await fixture.Sandbox.SetLimitsAsync(defaults with { PerBotPerSecond = 0.01 }, Ct);
            results = await Task.WhenAll(users.Select(async user =>
            {
                try
                {
                    await bot.SendMessage(user.Id, "news", cancellationToken: Ct);
                    return 200;
                }
                catch (ApiRequestException exception)
                {
                    return exception.ErrorCode;
                }
            }));
        }
        finally
        {
            await fixture.Sandbox.SetLimitsAsync(defaults, Ct);
        }

        Assert.Equal(30, results.Count(code => code == 200));
        Assert.Equal(15, results.Count(code => code == 429));
    }

    [Fact]
    public async Task A_group_gets_20_messages_a_minute()
    {
        var created = await fixture.Sandbox.CreateBotAsync($"lim{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        var group = await fixture.Sandbox.CreateGroupAsync(created.Name, "Loyalty partners", Ct);
        var bot = fixture.Bot(created.Token, retryThreshold: 0);

        var first = await bot.SendMessage(group.ChatId, "hello group", cancellationToken: Ct);
        for (var i = 1; i < 20; i++)
        {
            await bot.SendMessage(group.ChatId, $"news {i}", cancellationToken: Ct);
        }
        var limited = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SendMessage(group.ChatId, "too much", cancellationToken: Ct));

        Assert.Equal((ChatType.Group, "Loyalty partners"), (first.Chat.Type, first.Chat.Title));
        Assert.Equal(429, limited.ErrorCode);
        Assert.InRange(limited.Parameters!.RetryAfter!.Value, 1, 3);
        Assert.Equal(20, (await fixture.Sandbox.GetChatAsync(created.Name, group.ChatId, Ct)).Messages.Count);
    }

    [Fact]
    public async Task Raised_limits_let_a_load_test_through()
    {
        var (created, user) = await StartedChatAsync();
        var bot = fixture.Bot(created.Token, retryThreshold: 0);
        var defaults = await fixture.Sandbox.GetLimitsAsync(Ct);
        try
        {
            await fixture.Sandbox.SetLimitsAsync(defaults with { PerChatPerSecond = 10_000, PerChatBurst = 10_000, PerBotPerSecond = 10_000, PerBotBurst = 10_000 }, Ct);

            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => bot.SendMessage(user.Id, $"load {i}", cancellationToken: Ct)));

            Assert.Equal(0, (await fixture.Sandbox.GetCountersAsync(created.Name, Ct)).TooManyRequests);
            Assert.Equal(100, (await fixture.Sandbox.GetCountersAsync(created.Name, Ct)).MessagesSent);
        }
        finally
        {
            await fixture.Sandbox.SetLimitsAsync(defaults, Ct);
        }
    }
}
