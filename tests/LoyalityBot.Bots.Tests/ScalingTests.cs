using System.Globalization;
using System.Text.Json;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Tests;

/// <summary>Replicas restarted, killed and flooded: state lives in Redis, no update is lost, none is applied twice.</summary>
/// <remarks>
/// Runs alone (after the flow tests): killing replicas and 5,000 fuzz updates load the 2 cores enough to push the
/// flow tests' conversations past their timeouts.
/// </remarks>
[Collection(nameof(ScalingTests))]
public sealed class ScalingTests(IsolatedBotCluster cluster, BotCluster other) : IClassFixture<IsolatedBotCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// This stage and the shared one are two deployments on the SAME Redis database, with bots of the same names but
    /// other tokens: locks, de-duplication, limits and conversations are keyed by the bot's public id, so neither sees
    /// the other's. The same user and the same update (update_id and date) reach both, and both answer.
    /// </summary>
    [Fact]
    public async Task Two_deployments_with_other_bots_on_one_Redis_database_do_not_interfere()
    {
        var user = await cluster.NewUserAsync("Twin");
        await other.Sandbox.CreateUserAsync(new CreateUserRequest("Twin", Id: user.Id, PhoneNumber: user.PhoneNumber), Ct);
        foreach (var stage in new[] { cluster, other })
        {
            await stage.ExpectReplyAsync("client", user.Id, () => stage.Sandbox.StartAsync("client", user.Id, cancellationToken: Ct));
        }

        var update = Updates.Text(Random.Shared.Next(1_000_000, int.MaxValue), user.Id, "/help", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        foreach (var stage in new[] { cluster, other })
        {
            await stage.ExpectReplyAsync("client", user.Id, async () => Assert.Equal(200, await stage.PostUpdateAsync("client", update)));
        }

        // A conversation in one deployment is not the other's: the second step of /apply here is not a step there.
        await cluster.SayAsync("partner", user.Id, "/apply");
        await other.ExpectReplyAsync("partner", user.Id, () => other.Sandbox.StartAsync("partner", user.Id, cancellationToken: Ct));
        Assert.Contains("Шаг 2/7", (await cluster.SayAsync("partner", user.Id, "bakery")).Text);
        Assert.DoesNotContain("Шаг", (await other.SayAsync("partner", user.Id, "bakery")).Text);
    }

    [Fact]
    public async Task A_conversation_continues_after_every_replica_restarts()
    {
        var owner = await cluster.NewUserAsync("Nino");
        await cluster.SayAsync("partner", owner.Id, "/apply");
        await cluster.SayAsync("partner", owner.Id, "bakery");
        await cluster.SayAsync("partner", owner.Id, "Nino");

        await cluster.KillAllReplicasAsync();
        await cluster.StartReplicasAsync();

        Assert.Contains("Шаг 4/7", (await cluster.SayAsync("partner", owner.Id, "Nino Bakes")).Text);
        foreach (var answer in new[] { "Kutaisi", "Old town", "+995555999000" })
        {
            await cluster.SayAsync("partner", owner.Id, answer);
        }
        Assert.Contains("Nino Bakes", (await cluster.SayAsync("partner", owner.Id, "-")).Text);
    }

    [Fact]
    public async Task A_replica_killed_under_load_loses_no_update_and_applies_none_twice()
    {
        var users = new List<SandboxUser>();
        for (var i = 0; i < 40; i++)
        {
            users.Add(await cluster.NewUserAsync($"Load{i.ToString(CultureInfo.InvariantCulture)}"));
        }
        // Every user registers (a ledger write) and asks for the balance twice; a replica dies in the middle of it.
        var load = Task.WhenAll(users.Select(async user =>
        {
            await cluster.Sandbox.StartAsync("client", user.Id, cancellationToken: Ct);
            await cluster.Sandbox.ShareContactAsync("client", user.Id, Ct);
            await cluster.Sandbox.SendTextAsync("client", user.Id, "/balance", Ct);
            await cluster.Sandbox.SendTextAsync("client", user.Id, "/balance", Ct);
        }));
        await Task.Delay(300, Ct);
        await cluster.KillReplicaAsync(1);
        await load;

        foreach (var user in users)
        {
            // Every update was answered: welcome, registered, and two balances (at least: a retried update may reply twice).
            await BotCluster.WaitUntilAsync(async () => (await cluster.Sandbox.GetTranscriptAsync("client", user.Id, Ct)).Messages
                .Count(m => m.From == TranscriptEntry.FromBot && m.Text?.StartsWith("Баланс: 100 баллов", StringComparison.Ordinal) == true) >= 2, 120);
        }
        var ids = users.Select(u => u.Id).ToArray();
        var welcome = await cluster.QueryAsync(db => db.LedgerEntries.Where(e => ids.Contains(e.ClientId)).GroupBy(e => e.Kind)
            .Select(g => new { g.Key, Count = g.Count(), Sum = g.Sum(e => e.Amount) }).ToListAsync(Ct));
        var only = Assert.Single(welcome);
        Assert.Equal(LedgerEntryKind.WelcomeBonus, only.Key);
        Assert.Equal(users.Count, only.Count);
        Assert.Equal(100L * users.Count, only.Sum);
        await cluster.StartReplicasAsync();
    }

    [Fact]
    public async Task Five_thousand_random_and_malformed_updates_get_no_5xx_and_every_bot_still_answers()
    {
        var random = new Random(42);
        var victim = await cluster.NewUserAsync("Fuzz");
        string[] texts = ["/start", "/start client_", "/start pay_AAAA", "/start partner_-1", "/start ref_", "-1", "1e309", "99999999999999999999",
            "💰 Баланс", "/history", "/apply", "NaN", "", new string('я', 5000), "/cancel", "/find", "\u0000", "<b>x</b>", "/stats"];
        string[] callbacks = ["h:o:AAAA", "h:n:", "pv:0", "pp:-1", "nps:1:99", "nps:x:y", "op:z", "amt:-5", "opc:", "payc:zz", "app:ok:1", "mod:no:abc",
            "exp:ClientDataJson", "lang:xx", "", new string(':', 64), "apply-send", "nps-skip"];
        string[] bots = ["client", "partner", "admin"];
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 5000), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, _) =>
        {
            var bot = bots[i % 3];
            var user = victim.Id + 1 + (i % 50);
            var updateId = 100_000 + i;
            string body;
            lock (random)
            {
                body = (i % 5) switch
                {
                    0 => Updates.Text(updateId, user, texts[random.Next(texts.Length)], DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
                    1 => Updates.Callback(updateId, user, callbacks[random.Next(callbacks.Length)]),
                    2 => Garbage(random),
                    3 => JsonSerializer.Serialize(new { update_id = updateId, message = new { message_id = 1, date = 0, chat = new { id = user, type = "private" }, from = new { id = user, is_bot = false, first_name = "P" }, photo = new[] { new { file_id = "x", file_unique_id = "y", width = 1, height = 1 } } } }),
                    _ => JsonSerializer.Serialize(new { update_id = updateId, edited_message = new { message_id = 1, date = 0, chat = new { id = user, type = "group" }, text = "x" } }),
                };
            }
            // 503 is the webhook's "busy, retry" (a chat lock held past LockWait by this test's own 16-way pile-up on
            // 50 users): Telegram redelivers it, so the test does too. What must never come back is a crash (500).
            var status = await cluster.PostUpdateAsync(bot, body);
            for (var attempt = 1; status == 503 && attempt <= 5; attempt++)
            {
                await Task.Delay(200 * attempt, Ct);
                status = await cluster.PostUpdateAsync(bot, body);
            }
            statuses.Add(status);
        });

        Assert.All(statuses, status => Assert.True(status is 200 or 400, $"status {status}"));
        foreach (var bot in bots)
        {
            var reply = await cluster.ExpectReplyAsync(bot, victim.Id, () => cluster.Sandbox.SendTextAsync(bot, victim.Id, "/start", Ct));
            Assert.False(string.IsNullOrEmpty(reply.Text));
        }
    }

    private static string Garbage(Random random) => random.Next(6) switch
    {
        0 => "{",
        1 => "null",
        2 => "{\"update_id\":" + random.Next() + ",\"message\":{\"chat\":\"oops\"}}",
        3 => "{\"update_id\":" + random.Next() + ",\"callback_query\":{\"id\":1}}",
        4 => new string((char)random.Next(32, 127), random.Next(1, 200)),
        _ => "{\"update_id\":" + random.Next() + "}",
    };
}

[CollectionDefinition(nameof(ScalingTests), DisableParallelization = true)]
public sealed class ScalingTestsCollection;
