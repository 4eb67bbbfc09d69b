using System.Globalization;
using LoyalityBot.Domain.Model;

namespace LoyalityBot.Workers.Tests;

/// <summary>
/// The issue's crash test: the Workers executable is killed (SIGKILL) in the middle of a 2,000-recipient broadcast; a
/// second one gets the redelivered event, waits out the dead one's lease and finishes. The sandbox's record of sent
/// messages shows who got what.
/// </summary>
[Collection(WorkerProcesses.Name)]
public sealed class BroadcastCrashTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private const int Recipients = 2_000;

    /// <param name="lanes">
    /// Broadcasts:MaxConcurrentSends, or null for the default (1): the most recipients a crash can leave in doubt, so
    /// the most duplicates it can cause. With the default, at most ONE duplicate per crash.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData(8)]
    public async Task A_worker_killed_mid_broadcast_is_finished_by_another_and_everyone_gets_it_once_but_for_at_most_one_per_lane_at_the_crash(int? lanes)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        var clients = await world.ClientsAsync(Recipients);
        var bound = lanes ?? new Broadcasts.BroadcastOptions().MaxConcurrentSends;
        // 250 msg/s, so the kill lands well inside the broadcast.
        var worker = new Dictionary<string, string?> { ["TelegramGateway:PerBotPerSecond"] = "250" };
        if (lanes is { } configured)
        {
            worker["Broadcasts:MaxConcurrentSends"] = configured.ToString(CultureInfo.InvariantCulture);
        }
        var text = $"Crash test, {bound} lane(s)";
        var created = await world.Broadcasts().CreateAdminBroadcastAsync(new(1, BroadcastTarget.Clients, text), ct);
        var id = created.BroadcastId!.Value;

        var setUp = clock.Elapsed;
        var first = world.StartWorkerProcess(worker);
        long sentAtKill;
        while ((sentAtKill = (await world.Sandbox.GetCountersAsync(world.ClientBot.Name, ct)).MessagesSent) < 600)
        {
            Assert.False(first.HasExited, "the first worker exited on its own");
            await Task.Delay(20, ct);
        }
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync(ct);
        var inDoubt = (await world.RecipientsAsync(id)).Where(r => r.Status == BroadcastRecipientStatus.Sending).Select(r => r.ChatId).ToHashSet();

        world.StartWorkerProcess(worker);
        var campaign = await world.WaitCompletedAsync(id, TimeSpan.FromSeconds(120));

        var sending = clock.Elapsed - setUp;
        var received = await world.ReceivedAsync(world.ClientBot, clients, text);
        var counters = await world.Sandbox.GetCountersAsync(world.ClientBot.Name, ct);
        var duplicated = received.Where(r => r.Value > 1).Select(r => r.Key).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{bound} lane(s){(lanes is null ? " (the default)" : "")}: killed after {sentAtKill} sent; {inDoubt.Count} in doubt at the crash; {counters.MessagesSent} messages for {Recipients} recipients: {duplicated.Count} duplicate(s); {counters.TooManyRequests} 429s (set-up {setUp.TotalSeconds:F0} s, both workers {sending.TotalSeconds:F0} s)");
        Assert.All(clients, c => Assert.InRange(received[c], 1, 2));
        if (lanes is null)
        {
            Assert.Equal(1, bound);
        }
        Assert.InRange(inDoubt.Count, 0, bound);
        Assert.InRange(duplicated.Count, 0, bound);
        Assert.Subset(inDoubt, duplicated.ToHashSet());
        Assert.Equal(Recipients + duplicated.Count, counters.MessagesSent);
        Assert.Equal(0, counters.TooManyRequests);
        Assert.Equal((Recipients, Recipients, 0, 0), (campaign.RecipientCount, campaign.SentCount, campaign.FailedCount, campaign.SkippedCount));
        // Only the in-doubt recipients were attempted twice.
        Assert.All(await world.RecipientsAsync(id), r => Assert.Equal(inDoubt.Contains(r.ChatId) ? 2 : 1, r.Attempts));
    }
}

/// <summary>
/// Tests that run the Workers executable as processes run alone: two more .NET processes on 2 cores would skew the
/// timing of the rate test running beside them (TelegramGatewayTests' 30 msg/s ± 5 %).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerProcesses
{
    public const string Name = "Worker processes";
}
