namespace LoyalityBot.TelegramSandbox.Tests;

/// <summary>Webhook delivery as Telegram does it: secret header, per-chat order, parallel chats, retries, pending count, 409s.</summary>
public sealed class WebhookTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(TelegramBotClient Bot, string Name)> NewBotAsync()
    {
        var created = await fixture.Sandbox.CreateBotAsync($"hook{Guid.NewGuid():N}"[..16], cancellationToken: Ct);
        return (fixture.Bot(created.Token), created.Name);
    }

    [Fact]
    public async Task Updates_carry_the_secret_header_and_getUpdates_conflicts_while_the_webhook_is_set()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (bot, name) = await NewBotAsync();
        var user = await fixture.NewUserAsync();

        await bot.SetWebhook(receiver.Url, secretToken: "s3cret_TOKEN-1", allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery], cancellationToken: Ct);
        await fixture.Sandbox.StartAsync(name, user.Id, "promo", Ct);
        await receiver.UntilAsync(() => !receiver.Delivered.IsEmpty);
        var conflict = await Assert.ThrowsAsync<ApiRequestException>(() => bot.GetUpdates(cancellationToken: Ct));
        var badSecret = await Assert.ThrowsAsync<ApiRequestException>(() => bot.SetWebhook(receiver.Url, secretToken: "not allowed!", cancellationToken: Ct));
        var info = await bot.GetWebhookInfo(Ct);

        var (update, secret) = Assert.Single(receiver.Delivered);
        Assert.Equal(("/start promo", "s3cret_TOKEN-1"), (update.Message!.Text, secret));
        Assert.Equal(409, conflict.ErrorCode);
        Assert.Equal("Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first", conflict.Message);
        Assert.Equal("Bad Request: secret token contains unallowed characters", badSecret.Message);
        Assert.Equal((receiver.Url, 0, 40), (info.Url, info.PendingUpdateCount, info.MaxConnections));
        Assert.Equal([UpdateType.Message, UpdateType.CallbackQuery], info.AllowedUpdates);
        await bot.DeleteWebhook(cancellationToken: Ct);
        Assert.Empty(await bot.GetUpdates(cancellationToken: Ct));
    }

    [Fact]
    public async Task Each_chat_is_delivered_in_order_one_at_a_time_while_chats_run_in_parallel()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(15);
        var (bot, name) = await NewBotAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fixture.NewUserAsync()));
        await bot.SetWebhook(receiver.Url, maxConnections: 4, cancellationToken: Ct);

        await Task.WhenAll(users.Select(async user =>
        {
            for (var i = 0; i < 8; i++)
            {
                await fixture.Sandbox.SendTextAsync(name, user.Id, $"m{i}", Ct);
            }
        }));
        await receiver.UntilAsync(() => receiver.Delivered.Count == 48);

        var updates = receiver.Delivered.Select(d => d.Update).ToList();
        foreach (var user in users)
        {
            var texts = updates.Where(u => u.Message!.Chat.Id == user.Id).Select(u => u.Message!.Text);
            Assert.Equal(Enumerable.Range(0, 8).Select(i => $"m{i}"), texts);
        }
        Assert.False(receiver.SameChatOverlapped);
        Assert.InRange(receiver.MaxInFlight, 2, 4);
        Assert.Equal(Enumerable.Range(updates.Min(u => u.Id), 48), updates.Select(u => u.Id).Order());
        Assert.Equal(48, (await fixture.Sandbox.GetCountersAsync(name, Ct)).WebhookDeliveries);
    }

    [Fact]
    public async Task Reply_latency_counts_each_delivered_update_once_from_queueing_and_from_delivery_to_the_first_answer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(40);
        var (bot, name) = await NewBotAsync();
        // "quiet" gets no answer; every other text gets two messages, of which only the first is its answer.
        receiver.OnUpdate = async update =>
        {
            if (update.Message?.Text != "quiet")
            {
                await bot.SendMessage(update.Message!.Chat.Id, "one", cancellationToken: Ct);
                await bot.SendMessage(update.Message.Chat.Id, "two", cancellationToken: Ct);
            }
        };
        var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.NewUserAsync()));
        foreach (var user in users)
        {
            await fixture.Sandbox.StartAsync(name, user.Id, cancellationToken: Ct);
        }
        await bot.SetWebhook(receiver.Url, cancellationToken: Ct);
        await DeliveredAsync(name, 3);
        await fixture.Sandbox.ResetReplyLatencyAsync(name, Ct);

        foreach (var user in users)
        {
            await fixture.Sandbox.SendTextAsync(name, user.Id, "hello", Ct);
            await fixture.Sandbox.SendTextAsync(name, user.Id, "quiet", Ct);
        }
        await DeliveredAsync(name, 9);
        var stats = await fixture.Sandbox.GetReplyLatencyAsync(name, Ct);

        Assert.Equal((3, 3), (stats.Answered, stats.Unanswered));
        // The receiver waits 40 ms before answering; a "hello" queued behind its chat's earlier update waits longer.
        // (The lower bound leaves room for the timer and clock granularity of two processes: 38.7 ms was seen.)
        Assert.InRange(stats.FromDelivery.P50, 30, 30_000);
        Assert.True(stats.FromQueued.Max >= stats.FromDelivery.Max, $"{stats}");
        Assert.True(stats.FromDelivery.P50 <= stats.FromDelivery.P95 && stats.FromDelivery.P95 <= stats.FromDelivery.Max, $"{stats}");
    }

    /// <summary>Until the sandbox has counted <paramref name="count"/> acknowledged deliveries (its side, not the receiver's).</summary>
    private async Task DeliveredAsync(string bot, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await fixture.Sandbox.GetCountersAsync(bot, Ct)).WebhookDeliveries < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "The sandbox did not count the deliveries in time.");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_and_getWebhookInfo_reports_the_pending_update_and_last_error()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var healthy = false;
        receiver.Status = (_, _) => Volatile.Read(ref healthy) ? 200 : 500;
        var (bot, name) = await NewBotAsync();
        var user = await fixture.NewUserAsync();
        await bot.SetWebhook(receiver.Url, cancellationToken: Ct);

        await fixture.Sandbox.SendTextAsync(name, user.Id, "hello", Ct);
        await receiver.UntilAsync(() => fixture.Sandbox.GetCountersAsync(name, Ct).Result.WebhookFailures >= 2);
        var failing = await bot.GetWebhookInfo(Ct);
        Volatile.Write(ref healthy, true);
        // The sandbox's side: it counts a delivery once the receiver has answered, after the receiver has recorded it.
        await DeliveredAsync(name, 1);
        var counters = await fixture.Sandbox.GetCountersAsync(name, Ct);

        Assert.Equal(1, failing.PendingUpdateCount);
        Assert.Equal("Wrong response from the webhook: 500 Internal Server Error", failing.LastErrorMessage);
        Assert.NotNull(failing.LastErrorDate);
        Assert.Equal("hello", Assert.Single(receiver.Delivered).Update.Message!.Text);
        Assert.Equal(1, counters.WebhookDeliveries);
        Assert.True(counters.WebhookFailures >= 2);
        Assert.Equal(0, (await bot.GetWebhookInfo(Ct)).PendingUpdateCount);
    }

    [Fact]
    public async Task Retries_back_off_doubling_from_the_base_delay_up_to_the_cap()
    {
        // The fixture's schedule: 50 ms, doubling, capped at 200 ms. Only lower bounds are asserted: a busy machine
        // can stretch a wait but never shorten it, and retrying without backoff would fail them.
        await using var receiver = await WebhookReceiver.StartAsync();
        var attempts = new System.Collections.Concurrent.ConcurrentQueue<long>();
        receiver.Status = (_, attempt) =>
        {
            attempts.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
            return attempt < 5 ? 500 : 200;
        };
        var (bot, name) = await NewBotAsync();
        var user = await fixture.NewUserAsync();
        await bot.SetWebhook(receiver.Url, cancellationToken: Ct);

        await fixture.Sandbox.SendTextAsync(name, user.Id, "retry me", Ct);
        await receiver.UntilAsync(() => !receiver.Delivered.IsEmpty, TimeSpan.FromSeconds(30));

        var times = attempts.ToArray();
        var waits = times.Skip(1).Zip(times, (later, earlier) => System.Diagnostics.Stopwatch.GetElapsedTime(earlier, later).TotalMilliseconds).ToArray();
        Assert.Equal(5, times.Length);
        Assert.All(waits.Zip([50, 100, 200, 200]), pair => Assert.True(pair.First >= pair.Second - 5, $"waited {pair.First:0} ms, expected at least {pair.Second} ms ({string.Join(", ", waits.Select(w => w.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))})"));
        Assert.Equal(4, (await fixture.Sandbox.GetCountersAsync(name, Ct)).WebhookFailures);
    }

    [Fact]
    public async Task Deleting_the_webhook_hands_undelivered_updates_to_getUpdates_unless_dropped()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = (_, _) => 503;
        var (bot, name) = await NewBotAsync();
        var user = await fixture.NewUserAsync();
        await bot.SetWebhook(receiver.Url, cancellationToken: Ct);
        await fixture.Sandbox.SendTextAsync(name, user.Id, "first", Ct);
        await fixture.Sandbox.SendTextAsync(name, user.Id, "second", Ct);

        await bot.DeleteWebhook(cancellationToken: Ct);
        var kept = await bot.GetUpdates(cancellationToken: Ct);
        await bot.SetWebhook(receiver.Url, dropPendingUpdates: true, cancellationToken: Ct);
        var afterDrop = await bot.GetWebhookInfo(Ct);

        Assert.Equal(["first", "second"], kept.Select(u => u.Message!.Text));
        Assert.Equal(kept[0].Id + 1, kept[1].Id);
        Assert.Equal(0, afterDrop.PendingUpdateCount);
    }
}
