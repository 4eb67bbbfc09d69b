using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Workers.Tests;

/// <summary>Broadcasts end to end: BroadcastService + outbox → relay → RabbitMQ → the workers' sender → gateway → sandbox.</summary>
public sealed class BroadcastTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    // Generous: one lane (the default) is bound by round trips, so its rate drops with the machine's load (500
    // recipients took over a minute at load average 155 on the shared 2 cores).
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task A_partner_broadcasts_once_per_day_to_at_most_500_of_its_own_clients()
    {
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        var (partner, other) = (await world.PartnerAsync(), await world.PartnerAsync());
        var own = await world.ClientsAsync(520, c => c.RegisteredViaPartnerId = partner);
        var others = await world.ClientsAsync(5, c => c.RegisteredViaPartnerId = other);
        var broadcasts = world.Broadcasts();

        var created = await broadcasts.CreatePartnerBroadcastAsync(new(partner, BroadcastAudience.Referrals, "Happy hour at 5!"), TestContext.Current.CancellationToken);
        var again = await broadcasts.CreatePartnerBroadcastAsync(new(partner, BroadcastAudience.Both, "And again"), TestContext.Current.CancellationToken);
        await world.StartWorkerAsync();
        var campaign = await world.WaitCompletedAsync(created.BroadcastId!.Value, Timeout);

        Assert.Equal(BroadcastCreationStatus.Created, created.Status);
        Assert.Equal(500, created.Recipients);
        Assert.Equal(BroadcastCreationStatus.AlreadySentToday, again.Status);
        Assert.NotNull(again.Error);
        Assert.Equal((500, 500, 0, 0), (campaign.RecipientCount, campaign.SentCount, campaign.FailedCount, campaign.SkippedCount));
        Assert.Equal((BroadcastInitiator.Partner, partner), (campaign.Initiator, campaign.InitiatedBy));
        // The partner's 500 lowest ids, once each; its other 20 clients and the other partner's clients get nothing.
        var received = await world.ReceivedAsync(world.ClientBot, [.. own, .. others], "Happy hour at 5!");
        Assert.All(own.Order().Take(500), id => Assert.Equal(1, received[id]));
        Assert.All(own.Order().Skip(500).Concat(others), id => Assert.Equal(0, received[id]));
        Assert.Equal(500, (await world.Sandbox.GetCountersAsync(world.ClientBot.Name, TestContext.Current.CancellationToken)).MessagesSent);
        Assert.All(await world.RecipientsAsync(campaign.Id), r => Assert.Equal((BroadcastRecipientStatus.Sent, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task Audiences_and_filters_select_the_right_clients_and_partners()
    {
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        var city = await world.CityIdAsync();
        var cafe = await world.PartnerAsync("cafe", inCity: true);
        var spa = await world.PartnerAsync("spa");
        var referrals = await world.ClientsAsync(3, c => (c.RegisteredViaPartnerId, c.CityId) = (cafe, city));
        var inactive = await world.ClientsAsync(1, c => (c.RegisteredViaPartnerId, c.Status) = (cafe, ClientStatus.Blocked));
        var visitors = await world.ClientsAsync(2);
        await world.VisitAsync(visitors[0], cafe);
        await world.VisitAsync(visitors[1], cafe);
        await world.VisitAsync(referrals[0], cafe);
        await world.VisitAsync(inactive[0], cafe);
        var spaOnly = await world.ClientsAsync(1);
        await world.VisitAsync(spaOnly[0], spa);
        // Each partner broadcast counts against its own day, so each audience gets a day of its own.
        var day = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        async Task<int> PartnerAudienceAsync(BroadcastAudience audience, int dayOffset) =>
            (await world.Broadcasts(new FixedClock(day.AddDays(dayOffset))).CreatePartnerBroadcastAsync(new(cafe, audience, "hi"), TestContext.Current.CancellationToken)).Recipients;
        async Task<int> AdminAudienceAsync(BroadcastTarget target, int? cityId, string? category) =>
            (await world.Broadcasts().CreateAdminBroadcastAsync(new(1, target, "hi", cityId, category), TestContext.Current.CancellationToken)).Recipients;

        Assert.Equal(3, await PartnerAudienceAsync(BroadcastAudience.Referrals, 0));
        Assert.Equal(3, await PartnerAudienceAsync(BroadcastAudience.Visitors, 1));
        Assert.Equal(5, await PartnerAudienceAsync(BroadcastAudience.Both, 2));
        Assert.Equal(3 + 2 + 1, await AdminAudienceAsync(BroadcastTarget.Clients, null, null));
        Assert.Equal(3, await AdminAudienceAsync(BroadcastTarget.Clients, city, null));
        Assert.Equal(3, await AdminAudienceAsync(BroadcastTarget.Clients, null, "cafe")); // visited a cafe: 2 visitors + 1 referral
        Assert.Equal(1, await AdminAudienceAsync(BroadcastTarget.Clients, city, "cafe"));
        Assert.Equal(2, await AdminAudienceAsync(BroadcastTarget.Partners, null, null));
        Assert.Equal(1, await AdminAudienceAsync(BroadcastTarget.Partners, city, "cafe"));
        Assert.Equal(1, await AdminAudienceAsync(BroadcastTarget.Partners, null, " spa "));
    }

    [Fact]
    public async Task Invalid_requests_are_refused_with_a_clear_error_and_create_nothing()
    {
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        var partner = await world.PartnerAsync();
        var broadcasts = world.Broadcasts();
        var ct = TestContext.Current.CancellationToken;

        var refused = new[]
        {
            (BroadcastCreationStatus.InvalidText, await broadcasts.CreatePartnerBroadcastAsync(new(partner, BroadcastAudience.Both, "  "), ct)),
            (BroadcastCreationStatus.InvalidText, await broadcasts.CreateAdminBroadcastAsync(new(1, BroadcastTarget.Partners, new string('x', 4097)), ct)),
            (BroadcastCreationStatus.InvalidAudience, await broadcasts.CreatePartnerBroadcastAsync(new(partner, (BroadcastAudience)42, "hi"), ct)),
            (BroadcastCreationStatus.PartnerNotFound, await broadcasts.CreatePartnerBroadcastAsync(new(123, BroadcastAudience.Both, "hi"), ct)),
            (BroadcastCreationStatus.UnknownCity, await broadcasts.CreateAdminBroadcastAsync(new(1, BroadcastTarget.Partners, "hi", CityId: 999), ct)),
            (BroadcastCreationStatus.InvalidCategory, await broadcasts.CreateAdminBroadcastAsync(new(1, BroadcastTarget.Partners, "hi", Category: " "), ct)),
            (BroadcastCreationStatus.NoRecipients, await broadcasts.CreatePartnerBroadcastAsync(new(partner, BroadcastAudience.Both, "hi"), ct)),
        };

        Assert.All(refused, r => Assert.Equal((r.Item1, null), (r.Item2.Status, r.Item2.BroadcastId)));
        Assert.All(refused, r => Assert.False(string.IsNullOrEmpty(r.Item2.Error)));
        await using var db = world.NewContext();
        Assert.Equal(0, await db.BroadcastCampaigns.CountAsync(ct));
    }

    [Fact]
    public async Task An_admin_broadcast_to_partners_in_a_city_and_category_skips_a_partner_who_blocked_the_bot()
    {
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        var city = await world.CityIdAsync();
        var cafes = new[] { await world.PartnerAsync("cafe", inCity: true), await world.PartnerAsync("cafe", inCity: true), await world.PartnerAsync("cafe", inCity: true) };
        var outside = new[] { await world.PartnerAsync("spa", inCity: true), await world.PartnerAsync("cafe") };
        await world.Sandbox.BlockAsync(world.PartnerBot.Name, cafes[1], TestContext.Current.CancellationToken);

        var created = await world.Broadcasts().CreateAdminBroadcastAsync(new(77, BroadcastTarget.Partners, "New terms from July", city, "cafe"), TestContext.Current.CancellationToken);
        await world.StartWorkerAsync();
        var campaign = await world.WaitCompletedAsync(created.BroadcastId!.Value, Timeout);

        Assert.Equal(3, created.Recipients);
        Assert.Equal((BroadcastInitiator.Admin, 77L, (long?)null), (campaign.Initiator, campaign.InitiatedBy, campaign.PartnerId));
        Assert.Equal((3, 2, 0, 1), (campaign.RecipientCount, campaign.SentCount, campaign.FailedCount, campaign.SkippedCount));
        var blocked = (await world.RecipientsAsync(campaign.Id)).Single(r => r.ChatId == cafes[1]);
        Assert.Equal(BroadcastRecipientStatus.Skipped, blocked.Status);
        Assert.Contains("403", blocked.Error, StringComparison.Ordinal);
        var received = await world.ReceivedAsync(world.PartnerBot, [.. cafes, .. outside], "New terms from July");
        Assert.Equal([1, 0, 1, 0, 0], cafes.Concat(outside).Select(id => received[id]));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_backoff_until_they_pass_or_run_out_and_permanent_ones_end_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await BroadcastWorld.CreateAsync(telegram);
        await using var flaky = await FlakyTelegram.StartAsync(telegram.BaseAddress);
        var clients = await world.ClientsAsync(20);
        var (recovers, keepsFailing, blocked) = (clients[3], clients[7], clients[11]);
        flaky.Fail(recovers, 2);
        flaky.Fail(keepsFailing, int.MaxValue);
        await world.Sandbox.BlockAsync(world.ClientBot.Name, blocked, ct);
        // A client Telegram does not know: 400 chat not found.
        var unknown = 8_000_000_000L + Random.Shared.Next(1_000_000);
        await using (var db = world.NewContext())
        {
            db.Clients.Add(new Client { Id = unknown, Name = "Gone", ReferralCode = $"c{unknown}", RegisteredAt = DateTime.UtcNow });
            await db.SaveChangesAsync(ct);
        }

        var created = await world.Broadcasts().CreateAdminBroadcastAsync(new(1, BroadcastTarget.Clients, "Flaky day"), ct);
        await world.StartWorkerAsync(new()
        {
            ["Telegram:ApiBaseUrl"] = flaky.BaseAddress.ToString(),
            ["Broadcasts:MaxAttempts"] = "3",
            ["Broadcasts:RetryBackoff"] = "00:00:00.200",
        });
        var campaign = await world.WaitCompletedAsync(created.BroadcastId!.Value, Timeout);

        var rows = (await world.RecipientsAsync(campaign.Id)).ToDictionary(r => r.ChatId);
        Assert.Equal((21, 18, 2, 1), (campaign.RecipientCount, campaign.SentCount, campaign.FailedCount, campaign.SkippedCount));
        // Two 502s, then through on the third try; 502s every time: Failed after MaxAttempts (3) tries.
        Assert.Equal((BroadcastRecipientStatus.Sent, 3), (rows[recovers].Status, rows[recovers].Attempts));
        Assert.Equal((BroadcastRecipientStatus.Failed, 3), (rows[keepsFailing].Status, rows[keepsFailing].Attempts));
        Assert.Contains("transiently after 3 attempts", rows[keepsFailing].Error, StringComparison.Ordinal);
        // Permanent refusals end at the first try.
        Assert.Equal((BroadcastRecipientStatus.Failed, 1), (rows[unknown].Status, rows[unknown].Attempts));
        Assert.Contains("400", rows[unknown].Error, StringComparison.Ordinal);
        Assert.Equal((BroadcastRecipientStatus.Skipped, 1), (rows[blocked].Status, rows[blocked].Attempts));
        Assert.All(clients.Except([recovers, keepsFailing, blocked]), c => Assert.Equal((BroadcastRecipientStatus.Sent, 1), (rows[c].Status, rows[c].Attempts)));
        // The retries waited the backoff: 200 ms, then 400 ms (less the few ms between a claim and its request).
        foreach (var chat in new[] { recovers, keepsFailing })
        {
            var tries = flaky.Attempts[chat].ToArray();
            Assert.Equal(3, tries.Length);
            Assert.True(tries[1] - tries[0] >= TimeSpan.FromMilliseconds(150), $"second try {(tries[1] - tries[0]).TotalMilliseconds} ms after the first");
            Assert.True(tries[2] - tries[1] >= TimeSpan.FromMilliseconds(350), $"third try {(tries[2] - tries[1]).TotalMilliseconds} ms after the second");
        }
        var received = await world.ReceivedAsync(world.ClientBot, clients, "Flaky day");
        Assert.Equal(0, received[keepsFailing] + received[blocked]);
        Assert.All(clients.Except([keepsFailing, blocked]), c => Assert.Equal(1, received[c]));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
