using System.Text.Json;
using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Api.Tests;

public sealed class ClientApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Profile_shows_balance_tier_and_progress_right_after_an_accrual()
    {
        var client = await api.RegisterClientAsync(720_001);
        var partner = await api.AddPartnerAsync(720_101);
        await api.Ledger.AccrueAsync(new AccrualRequest(client, partner, 9000m, "USD", "t-720001"));
        using var http = await api.SignInAsync(client);
        var me = await Json.ReadAsync(await http.GetAsync("/api/v1/client/me", Ct));
        Assert.Equal(100 + 450, me.GetProperty("balance").GetInt64()); // welcome 100 + min(5 % of 9000, cap 500)
        Assert.Equal("Silver", me.GetProperty("tier").GetString());
        Assert.Equal("Gold", me.GetProperty("nextTier").GetString());
        Assert.Equal(2000 - 550, me.GetProperty("pointsToNextTier").GetInt64());
    }

    [Fact]
    public async Task History_is_keyset_paged_newest_first_with_next_cursor()
    {
        var client = await api.RegisterClientAsync(720_002);
        var partner = await api.AddPartnerAsync(720_102);
        for (var i = 0; i < 4; i++)
        {
            await api.Ledger.AccrueAsync(new AccrualRequest(client, partner, 100m + i, "USD", $"h-720002-{i}"));
        }
        using var http = await api.SignInAsync(client);
        var first = await Json.ReadAsync(await http.GetAsync("/api/v1/client/me/history?limit=3", Ct));
        Assert.Equal(3, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/me/history?limit=3&cursor={cursor}", Ct));
        Assert.Equal(2, second.GetProperty("items").GetArrayLength()); // 4 accruals + the welcome bonus
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);

        await ProblemAssert.IsProblemAsync(await http.GetAsync("/api/v1/client/me/history?limit=0", Ct), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(await http.GetAsync("/api/v1/client/me/history?limit=101", Ct), HttpStatusCode.BadRequest, "limit");
        await ProblemAssert.IsProblemAsync(await http.GetAsync("/api/v1/client/me/history?cursor=bogus", Ct), HttpStatusCode.BadRequest, "cursor");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/v1/client/me/history?limit=abc", Ct)).StatusCode);
    }

    [Fact]
    public async Task Card_is_a_png_qr_code()
    {
        using var http = await api.SignInAsync(await api.RegisterClientAsync(720_003));
        var response = await http.GetAsync("/api/v1/client/me/card.png", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public async Task Promotions_are_filtered_by_city_tier_and_category()
    {
        var city = await api.AddCityAsync("Promo City");
        var otherCity = await api.AddCityAsync("Elsewhere");
        var client = await api.RegisterClientAsync(720_004, cityId: city);
        var beauty = await api.AddPartnerAsync(720_104, city, "beauty");
        var food = await api.AddPartnerAsync(720_105, city, "food");
        var far = await api.AddPartnerAsync(720_106, otherCity, "beauty");
        var open = await api.AddPromotionAsync(beauty);
        var foodOffer = await api.AddPromotionAsync(food);
        await api.AddPromotionAsync(far);
        var goldOnly = await api.AddPromotionAsync(beauty, p => { p.MinTier = Tier.Gold; p.TierVisibility = TierVisibility.TierOnly; });
        await api.AddPromotionAsync(beauty, p => p.ApprovalStatus = ModerationStatus.Pending);
        await api.AddPromotionAsync(beauty, p => p.EndsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1));
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(client);

        var all = await Json.ReadAsync(await http.GetAsync("/api/v1/client/promotions", Ct));
        Assert.Equal([foodOffer, open], all.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        var beautyOnly = await Json.ReadAsync(await http.GetAsync("/api/v1/client/promotions?category=beauty", Ct));
        Assert.Equal([open], beautyOnly.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/client/promotions/{goldOnly}", Ct)).StatusCode);

        var detail = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/promotions/{open}", Ct));
        Assert.True(detail.GetProperty("canPayWithPoints").GetBoolean());
    }

    [Fact]
    public async Task Catalog_reads_are_cached_and_invalidated_when_a_partner_changes_content()
    {
        var city = await api.AddCityAsync("Cache City");
        var client = await api.RegisterClientAsync(720_005, cityId: city);
        var partnerId = await api.AddPartnerAsync(720_107, city, "cache");
        await api.AddServiceAsync(partnerId, "cachecat");
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(client);
        var before = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/services?cityId={city}&category=cachecat", Ct));
        Assert.Equal(1, before.GetProperty("items").GetArrayLength());

        // Written behind the API's back: the cached page still answers.
        await api.AddServiceAsync(partnerId, "cachecat");
        await api.WaitForReplicaAsync();
        var cached = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/services?cityId={city}&category=cachecat", Ct));
        Assert.Equal(1, cached.GetProperty("items").GetArrayLength());

        // A change through the API bumps the cache generation.
        using var partner = await api.SignInAsync(partnerId);
        var created = await partner.PostAsJsonAsync("/api/v1/partner/services", new { title = "New", category = "other", pricePoints = 5 }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await api.WaitForReplicaAsync();
        var fresh = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/services?cityId={city}&category=cachecat", Ct));
        Assert.Equal(2, fresh.GetProperty("items").GetArrayLength());

        // An admin's approval through the API shows the service at once, not when the cached page expires.
        var pending = await api.AddServiceAsync(partnerId, "cachecat", ModerationStatus.Pending);
        await api.WaitForReplicaAsync();
        Assert.Equal(2, (await Json.ReadAsync(await http.GetAsync($"/api/v1/client/services?cityId={city}&category=cachecat", Ct))).GetProperty("items").GetArrayLength());
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/admin/moderation/services/{pending}/approve", new { }, Ct)).StatusCode);
        await api.WaitForReplicaAsync();
        var approved = await Json.ReadAsync(await http.GetAsync($"/api/v1/client/services?cityId={city}&category=cachecat", Ct));
        Assert.Contains(pending, approved.Ids());
    }

    [Fact]
    public async Task Partner_catalog_lists_active_partners_of_the_city()
    {
        var city = await api.AddCityAsync("Partner City");
        var client = await api.RegisterClientAsync(720_006, cityId: city);
        var a = await api.AddPartnerAsync(720_108, city, "spa");
        var b = await api.AddPartnerAsync(720_109, city, "gym");
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(client);
        var all = await Json.ReadAsync(await http.GetAsync("/api/v1/client/partners", Ct));
        Assert.Equal([a, b], all.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        var gyms = await Json.ReadAsync(await http.GetAsync("/api/v1/client/partners?category=gym", Ct));
        Assert.Equal([b], gyms.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));

        using var homeless = await api.SignInAsync(await api.RegisterClientAsync(720_007));
        await ProblemAssert.IsProblemAsync(await homeless.GetAsync("/api/v1/client/partners", Ct), HttpStatusCode.BadRequest, "cityId");
    }

    [Fact]
    public async Task Pay_with_points_issues_a_signed_token_the_partner_bot_can_read()
    {
        var client = await api.RegisterClientAsync(720_008);
        var partner = await api.AddPartnerAsync(720_110);
        var promotion = await api.AddPromotionAsync(partner);
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(client);

        var body = await Json.ReadAsync(await http.PostAsJsonAsync($"/api/v1/client/promotions/{promotion}/payment-token", new { points = 40 }, Ct));
        var token = body.GetProperty("token").GetString()!;
        Assert.Equal($"https://t.me/loyalitybot_partner_bot?start=pay_{token}", body.GetProperty("deepLink").GetString());
        var read = api.Services.GetRequiredService<PaymentTokenCodec>().Read(token);
        Assert.Equal(new { ClientId = client, PromotionId = promotion, Points = 40L }, new { read.Token!.ClientId, read.Token.PromotionId, read.Token.Points });

        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync($"/api/v1/client/promotions/{promotion}/payment-token", new { points = 51 }, Ct), HttpStatusCode.BadRequest, "points");
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync($"/api/v1/client/promotions/{promotion}/payment-token", new { points = 0 }, Ct), HttpStatusCode.BadRequest, "points");
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/v1/client/promotions/999999/payment-token", new { points = 1 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Pay_with_points_refuses_more_than_the_balance()
    {
        var client = await api.RegisterClientAsync(720_009);
        var promotion = await api.AddPromotionAsync(await api.AddPartnerAsync(720_111), p => { p.MaxPointsPayment = 500; p.Price = 1000m; });
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(client);
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync($"/api/v1/client/promotions/{promotion}/payment-token", new { points = 101 }, Ct), HttpStatusCode.BadRequest, "points");
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync($"/api/v1/client/promotions/{promotion}/payment-token", new { points = 100 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Referrals_show_the_link_and_counts_per_level()
    {
        var root = await api.RegisterClientAsync(720_010);
        var child = await api.RegisterClientAsync(720_011, referrer: root);
        await api.RegisterClientAsync(720_012, referrer: child);
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(root);
        var body = await Json.ReadAsync(await http.GetAsync("/api/v1/client/me/referrals", Ct));
        Assert.Equal(1, body.GetProperty("level1").GetInt32());
        Assert.Equal(1, body.GetProperty("level2").GetInt32());
        Assert.Equal(0, body.GetProperty("level3").GetInt32());
        Assert.Equal(125, body.GetProperty("pointsEarned").GetInt64()); // L1 100 + L2 25
        Assert.StartsWith("https://t.me/loyalitybot_client_bot?start=ref_", body.GetProperty("link").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nps_rating_is_stored_and_validated()
    {
        var partner = await api.AddPartnerAsync(720_112);
        using var http = await api.SignInAsync(await api.RegisterClientAsync(720_013));
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/v1/client/nps", new { partnerId = partner, rating = 9, feedback = "great" }, Ct)).StatusCode);
        Assert.Equal(1, await api.WithDbAsync(db => Task.FromResult(db.NpsRatings.Count(r => r.PartnerId == partner && r.Rating == 9))));
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/client/nps", new { partnerId = partner, rating = 11 }, Ct), HttpStatusCode.BadRequest, "rating");
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/client/nps", new { partnerId = partner }, Ct), HttpStatusCode.BadRequest, "rating");
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/v1/client/nps", new { partnerId = 1, rating = 5 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_message_to_a_partner_is_stored_with_its_event_in_the_outbox_and_limited_to_three_an_hour()
    {
        var partner = await api.AddPartnerAsync(720_113);
        var closed = await api.AddPartnerAsync(720_114, allowMessages: false);
        using var http = await api.SignInAsync(await api.RegisterClientAsync(720_014));
        var created = await Json.ReadAsync(await http.PostAsJsonAsync($"/api/v1/client/partners/{partner}/messages", new { text = "Hello" }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(1, await api.OutboxCountAsync("ClientMessageSentIntegrationEvent", "messageId", id));
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync($"/api/v1/client/partners/{partner}/messages", new { text = " " }, Ct), HttpStatusCode.BadRequest, "text");
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync($"/api/v1/client/partners/{closed}/messages", new { text = "Hi" }, Ct), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/api/v1/client/partners/5/messages", new { text = "Hi" }, Ct)).StatusCode);

        // 3 an hour per client, refused ones not counted: two more go through, the fourth is a 429 saying when to retry.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/v1/client/partners/{partner}/messages", new { text = $"More {i}" }, Ct)).StatusCode);
        }
        using var limited = await http.PostAsJsonAsync($"/api/v1/client/partners/{partner}/messages", new { text = "Too many" }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal(3, await api.WithDbAsync(db => Task.FromResult(db.ClientMessages.Count(m => m.ClientId == 720_014))));
    }

    [Fact]
    public async Task Own_data_export_is_requested_through_the_outbox()
    {
        using var http = await api.SignInAsync(await api.RegisterClientAsync(720_015));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/api/v1/client/me/export", null, Ct)).StatusCode);
        Assert.Equal(1, await api.OutboxCountAsync("ExportRequestedIntegrationEvent", "recipientTelegramId", 720015));
    }
}
