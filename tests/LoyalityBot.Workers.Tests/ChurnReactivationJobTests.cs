using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.Scheduling;
using LoyalityBot.Workers.Jobs.Reactivation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>The daily churn job on PostgreSQL with offers through the sandbox's client bot, run by two scheduler replicas at once.</summary>
public sealed class ChurnReactivationJobTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Churned_clients_out_of_cooldown_get_one_offer_and_a_record_even_with_two_runners()
    {
        var bot = await telegram.NewBotAsync();
        var users = (await telegram.UsersAsync(bot, 6)).Select(u => u.Id).ToArray();
        var (everyTenDays, everyTwentyDays, onceLongAgo, onceRecently, inCooldown, cooldownOver) = (users[0], users[1], users[2], users[3], users[4], users[5]);
        await using var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot);
        var job = workers.Services.GetServices<IScheduledJob>().OfType<ChurnReactivationJob>().Single();
        var dueAt = ScheduledJobRunner.DueAt(job, DateTime.UtcNow);
        var today = DateOnly.FromDateTime(dueAt);
        await workers.AddAsync(new Partner { Id = 5, Name = "Spa", Category = "beauty", BookingUrl = "https://spa.example/book", CreatedAt = dueAt.AddYears(-1) });
        await workers.AddAsync(new Promotion
        {
            PartnerId = 5, Title = "Massage -20%", Type = PromotionType.Discount, Price = 50m, StartsOn = today.AddDays(-3), EndsOn = today.AddDays(3),
            ApprovalStatus = ModerationStatus.Approved, CreatedAt = dueAt,
        });
        foreach (var user in users)
        {
            await workers.RegisterAsync(user);
        }
        // Visits, in days before the run.
        await VisitsAsync(workers, dueAt, everyTenDays, 40, 30, 20);      // average 10: churned at 20 days
        await VisitsAsync(workers, dueAt, everyTwentyDays, 60, 40, 19);   // average 20.5: not before 41 days
        await VisitsAsync(workers, dueAt, onceLongAgo, 8);                // one visit: the 7-day minimum
        await VisitsAsync(workers, dueAt, onceRecently, 6);
        await VisitsAsync(workers, dueAt, inCooldown, 30);
        await VisitsAsync(workers, dueAt, cooldownOver, 30);
        await OfferAsync(workers, inCooldown, dueAt.AddDays(-10));
        await OfferAsync(workers, cooldownOver, dueAt.AddDays(-15));

        var runners = Enumerable.Range(0, 2).Select(_ => new ScheduledJobRunner(workers.Database, [job],
            Options.Create(new ScheduledJobOptions()), TimeProvider.System, NullLogger<ScheduledJobRunner>.Instance)).ToArray();
        var ran = await Task.WhenAll(runners.Select(runner => Task.Run(() => runner.RunIfDueAsync(job, Ct))));
        var again = await runners[0].RunIfDueAsync(job, Ct);
        // Even the job itself run again for the same day (a replica died before marking it finished) sends nothing new.
        await job.RunAsync(dueAt, Ct);

        Assert.Equal(1, ran.Count(r => r));
        Assert.False(again);
        await using var offers = workers.Database.CreateCommand(
            "SELECT client_id, days_since_last_visit, promotion_id IS NOT NULL FROM reactivation_events WHERE sent_at = $1 ORDER BY client_id");
        offers.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dueAt });
        var recorded = new List<(long, int, bool)>();
        await using (var reader = await offers.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                recorded.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetBoolean(2)));
            }
        }
        Assert.Equal([(everyTenDays, 20, true), (onceLongAgo, 8, true), (cooldownOver, 30, true)], recorded.OrderBy(r => Array.IndexOf(users, r.Item1)));
        Assert.Equal(["We miss you at Spa! It has been 20 days since your last visit.\nOn now: Massage -20%.\nhttps://spa.example/book"],
            await telegram.BotTextsAsync(bot, everyTenDays));
        Assert.Single(await telegram.BotTextsAsync(bot, onceLongAgo));
        Assert.Single(await telegram.BotTextsAsync(bot, cooldownOver));
        foreach (var quiet in new[] { everyTwentyDays, onceRecently, inCooldown })
        {
            Assert.Empty(await telegram.BotTextsAsync(bot, quiet));
        }
    }

    [Fact]
    public async Task Partners_who_opted_out_send_no_offers_while_others_still_do()
    {
        var bot = await telegram.NewBotAsync();
        var users = (await telegram.UsersAsync(bot, 2)).Select(u => u.Id).ToArray();
        var (optedOutClient, otherClient) = (users[0], users[1]);
        await using var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot);
        var job = workers.Services.GetServices<IScheduledJob>().OfType<ChurnReactivationJob>().Single();
        var dueAt = ScheduledJobRunner.DueAt(job, DateTime.UtcNow);
        await workers.AddAsync(
            new Partner { Id = 5, Name = "Spa", Category = "beauty", ReactivationOptOut = true, CreatedAt = dueAt.AddYears(-1) },
            new Partner { Id = 6, Name = "Gym", Category = "sport", CreatedAt = dueAt.AddYears(-1) });
        foreach (var user in users)
        {
            await workers.RegisterAsync(user);
        }
        // The same lapse at both partners: one visit 30 days ago, past the 7-day minimum.
        await VisitsAsync(workers, dueAt, optedOutClient, 30);
        await PartnerVisitsAsync(workers, dueAt, partnerId: 6, otherClient, 30);

        await job.RunAsync(dueAt, Ct);

        await using var offers = workers.Database.CreateCommand("SELECT client_id, partner_id FROM reactivation_events ORDER BY client_id");
        var recorded = new List<(long, long)>();
        await using (var reader = await offers.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                recorded.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }
        Assert.Equal([(otherClient, 6L)], recorded);
        Assert.Empty(await telegram.BotTextsAsync(bot, optedOutClient));
        Assert.Equal(["We miss you at Gym! It has been 30 days since your last visit."], await telegram.BotTextsAsync(bot, otherClient));
    }

    private static Task VisitsAsync(WorkersHost workers, DateTime now, long clientId, params int[] daysAgo) =>
        PartnerVisitsAsync(workers, now, partnerId: 5, clientId, daysAgo);

    private static async Task PartnerVisitsAsync(WorkersHost workers, DateTime now, long partnerId, long clientId, params int[] daysAgo)
    {
        foreach (var days in daysAgo)
        {
            await using var command = workers.Database.CreateCommand("""
                INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, idempotency_key, created_at)
                VALUES ($1, 'Accrual', 5, 105, $4, $2, $3)
                """);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = clientId });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"visit-{partnerId}-{clientId}-{days}" });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now.AddDays(-days) });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = partnerId });
            await command.ExecuteNonQueryAsync(Ct);
        }
    }

    private static Task OfferAsync(WorkersHost workers, long clientId, DateTime sentAt) =>
        workers.AddAsync(new ReactivationEvent { ClientId = clientId, PartnerId = 5, DaysSinceLastVisit = 20, SentAt = sentAt });
}
