using System.Net.Http.Headers;
using System.Text.Json;
using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Tests;

public sealed class PartnerApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient http, string path, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return http.SendAsync(request, Ct);
    }

    private static object PromotionBody(string title = "Spring offer", long[]? serviceIds = null) => new
    {
        title, type = "PointsRedemption", startsOn = DateOnly.FromDateTime(DateTime.UtcNow).ToString("O", CultureInfo.InvariantCulture),
        endsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10).ToString("O", CultureInfo.InvariantCulture), price = 120m, maxPointsPayment = 60, serviceIds,
    };

    [Fact]
    public async Task Accrual_with_an_idempotency_key_replays_and_conflicts_on_a_different_body()
    {
        var client = await api.RegisterClientAsync(730_001);
        using var http = await api.SignInAsync(await api.AddPartnerAsync(730_101));
        var first = await Json.ReadAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 200m }, "k-1"));
        Assert.Equal(10, first.GetProperty("points").GetInt64());
        Assert.Equal(110, first.GetProperty("balanceAfter").GetInt64());
        Assert.False(first.GetProperty("replayed").GetBoolean());

        var replay = await Json.ReadAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 200.00m }, "k-1"));
        Assert.True(replay.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("entryId").GetInt64(), replay.GetProperty("entryId").GetInt64());
        Assert.Equal(110, await api.WithDbAsync(db => db.PointAccounts.Where(a => a.ClientId == client).Select(a => a.Balance).SingleAsync()));
        Assert.Equal(1, await api.OutboxCountAsync("PointsAccruedIntegrationEvent", "entryId", first.GetProperty("entryId").GetInt64()));

        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 300m }, "k-1"), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 300m }, null), HttpStatusCode.BadRequest, "Idempotency-Key");
        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = 0, purchaseAmount = -1, currency = "dollars" }, "k-2"),
            HttpStatusCode.BadRequest, "clientId", "purchaseAmount", "currency");
        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/accruals", new { clientId = 1, purchaseAmount = 1000m }, "k-3"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Idempotency_keys_are_per_partner()
    {
        var client = await api.RegisterClientAsync(730_002);
        using var a = await api.SignInAsync(await api.AddPartnerAsync(730_102));
        using var b = await api.SignInAsync(await api.AddPartnerAsync(730_103));
        await Json.ReadAsync(await PostWithKeyAsync(a, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 100m }, "same"));
        var other = await Json.ReadAsync(await PostWithKeyAsync(b, "/api/v1/partner/accruals", new { clientId = client, purchaseAmount = 100m }, "same"));
        Assert.False(other.GetProperty("replayed").GetBoolean());
    }

    [Fact]
    public async Task Redemption_spends_points_and_refuses_more_than_the_balance()
    {
        var client = await api.RegisterClientAsync(730_003);
        using var http = await api.SignInAsync(await api.AddPartnerAsync(730_104));
        var spent = await Json.ReadAsync(await PostWithKeyAsync(http, "/api/v1/partner/redemptions", new { clientId = client, points = 60 }, "r-1"));
        Assert.Equal(40, spent.GetProperty("balanceAfter").GetInt64());
        Assert.Equal(1, await api.OutboxCountAsync("PointsRedeemedIntegrationEvent", "entryId", spent.GetProperty("entryId").GetInt64()));
        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/redemptions", new { clientId = client, points = 41 }, "r-2"), HttpStatusCode.UnprocessableEntity);
        await ProblemAssert.IsProblemAsync(await PostWithKeyAsync(http, "/api/v1/partner/redemptions", new { clientId = client }, "r-3"), HttpStatusCode.BadRequest, "points");
    }

    [Fact]
    public async Task Clients_and_transactions_are_the_partners_own()
    {
        var mine = await api.AddPartnerAsync(730_105);
        var theirs = await api.AddPartnerAsync(730_106);
        var joined = await api.WithDbAsync(async db =>
        {
            await api.RegisterClientAsync(730_004);
            await db.Clients.Where(c => c.Id == 730_004).ExecuteUpdateAsync(c => c.SetProperty(x => x.RegisteredViaPartnerId, mine));
            return 730_004L;
        });
        var other = await api.RegisterClientAsync(730_005);
        await api.Ledger.AccrueAsync(new AccrualRequest(joined, mine, 100m, "USD", "own-1"));
        await api.Ledger.AccrueAsync(new AccrualRequest(other, theirs, 100m, "USD", "own-2"));
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(mine);
        Assert.Equal([joined], (await Json.ReadAsync(await http.GetAsync("/api/v1/partner/clients", Ct))).Ids());
        var transactions = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/transactions", Ct));
        Assert.All(transactions.GetProperty("items").EnumerateArray(), t => Assert.Equal(joined, t.GetProperty("clientId").GetInt64()));
        Assert.Single(transactions.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Analytics_sum_the_partners_period()
    {
        var partner = await api.AddPartnerAsync(730_107);
        var regular = await api.RegisterClientAsync(730_006);
        var newcomer = await api.RegisterClientAsync(730_007);
        await api.Ledger.AccrueAsync(new AccrualRequest(regular, partner, 100m, "USD", "an-1"));
        await api.Ledger.AccrueAsync(new AccrualRequest(newcomer, partner, 300m, "USD", "an-2"));
        await api.Ledger.RedeemAsync(new RedemptionRequest(regular, partner, 20, "an-3"));
        // The regular's first visit was 40 days ago: a returning client for 30 days, a new one for all time.
        await api.WithDbAsync(async db =>
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE ledger_entries DISABLE TRIGGER USER");
            await db.Database.ExecuteSqlAsync($"INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, purchase_amount, purchase_currency, idempotency_key, created_at) VALUES ({regular}, 'Accrual', 5, 0, {partner}, 100, 'USD', 'an-old', now() - interval '40 days')");
            return await db.Database.ExecuteSqlRawAsync("ALTER TABLE ledger_entries ENABLE TRIGGER USER");
        });
        await api.WithDbAsync(async db =>
        {
            db.NpsRatings.AddRange(
                new NpsRating { ClientId = regular, PartnerId = partner, Rating = 10, CreatedAt = DateTime.UtcNow },
                new NpsRating { ClientId = newcomer, PartnerId = partner, Rating = 3, CreatedAt = DateTime.UtcNow },
                new NpsRating { ClientId = newcomer, PartnerId = partner, Rating = 9, CreatedAt = DateTime.UtcNow },
                new NpsRating { ClientId = regular, PartnerId = partner, Rating = 8, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(partner);

        var month = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/analytics?period=30d", Ct));
        Assert.Equal(400m, month.GetProperty("revenue").GetDecimal());
        Assert.Equal(3, month.GetProperty("transactions").GetInt64());
        Assert.Equal(200m, month.GetProperty("averageCheck").GetDecimal());
        Assert.Equal(1, month.GetProperty("newClients").GetInt64());
        Assert.Equal(1, month.GetProperty("returningClients").GetInt64());
        Assert.Equal(25, month.GetProperty("nps").GetInt32()); // (2 promoters − 1 detractor) / 4
        Assert.Equal(20, month.GetProperty("pointsIssued").GetInt64());
        Assert.Equal(20, month.GetProperty("pointsRedeemed").GetInt64());

        var all = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/analytics?period=all", Ct));
        Assert.Equal(500m, all.GetProperty("revenue").GetDecimal());
        Assert.Equal(2, all.GetProperty("newClients").GetInt64());
        Assert.Equal(0, all.GetProperty("returningClients").GetInt64());
        await ProblemAssert.IsProblemAsync(await http.GetAsync("/api/v1/partner/analytics?period=year", Ct), HttpStatusCode.BadRequest, "period");
    }

    [Fact]
    public async Task Promotions_crud_returns_edits_to_moderation()
    {
        var partnerId = await api.AddPartnerAsync(730_108);
        var service = await api.AddServiceAsync(partnerId);
        using var http = await api.SignInAsync(partnerId);
        var created = await Json.ReadAsync(await http.PostAsJsonAsync("/api/v1/partner/promotions", PromotionBody(serviceIds: [service]), Ct), HttpStatusCode.Created);
        var id = created.GetProperty("promotion").GetProperty("id").GetInt64();
        Assert.Equal("Pending", created.GetProperty("approvalStatus").GetString());
        Assert.Equal([service], created.GetProperty("serviceIds").EnumerateArray().Select(s => s.GetInt64()));

        await api.WithDbAsync(db => db.Promotions.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.ApprovalStatus, ModerationStatus.Approved)));
        var updated = await Json.ReadAsync(await http.PutAsJsonAsync($"/api/v1/partner/promotions/{id}", PromotionBody("Renamed"), Ct));
        Assert.Equal("Renamed", updated.GetProperty("promotion").GetProperty("title").GetString());
        Assert.Equal("Pending", updated.GetProperty("approvalStatus").GetString());
        Assert.Equal([id], (await Json.ReadAsync(await http.GetAsync("/api/v1/partner/promotions", Ct))).Ids());
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/v1/partner/promotions/{id}", Ct)).StatusCode);
        Assert.False((await Json.ReadAsync(await http.GetAsync($"/api/v1/partner/promotions/{id}", Ct))).GetProperty("isActive").GetBoolean());

        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/partner/promotions", new { title = "", price = -1 }, Ct),
            HttpStatusCode.BadRequest, "title", "type", "startsOn", "endsOn", "price");
        var foreignService = await api.AddServiceAsync(await api.AddPartnerAsync(730_109));
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/partner/promotions", PromotionBody(serviceIds: [foreignService]), Ct), HttpStatusCode.BadRequest, "serviceIds");
    }

    [Fact]
    public async Task Services_crud()
    {
        using var http = await api.SignInAsync(await api.AddPartnerAsync(730_110));
        var created = await Json.ReadAsync(await http.PostAsJsonAsync("/api/v1/partner/services", new { title = "Cut", category = "hair", pricePoints = 30 }, Ct), HttpStatusCode.Created);
        var id = created.GetProperty("service").GetProperty("id").GetInt64();
        var updated = await Json.ReadAsync(await http.PutAsJsonAsync($"/api/v1/partner/services/{id}", new { title = "Cut & dry", category = "hair", pricePoints = 40 }, Ct));
        Assert.Equal(40, updated.GetProperty("service").GetProperty("pricePoints").GetInt32());
        Assert.Equal([id], (await Json.ReadAsync(await http.GetAsync("/api/v1/partner/services", Ct))).Ids());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/v1/partner/services/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/v1/partner/services/{id}", Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/partner/services", new { title = "x", pricePoints = -5 }, Ct), HttpStatusCode.BadRequest, "category", "pricePoints");
    }

    [Fact]
    public async Task Photo_upload_stages_the_bytes_announces_them_and_sends_the_item_back_to_moderation()
    {
        var partnerId = await api.AddPartnerAsync(730_111);
        var promotion = await api.AddPromotionAsync(partnerId);
        using var http = await api.SignInAsync(partnerId);
        var jpeg = new ByteArrayContent([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        jpeg.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/v1/partner/promotions/{promotion}/photo", jpeg, Ct)).StatusCode);
        var stagedKey = await api.WithDbAsync(db => db.Database.SqlQuery<string>(
            $"SELECT content->>'stagedKey' AS \"Value\" FROM integration_event_outbox WHERE event_type_name = 'MediaUploadedIntegrationEvent' AND content->>'ownerId' = {promotion.ToString(CultureInfo.InvariantCulture)}").SingleAsync());
        Assert.Equal(7, new FileInfo(Path.Combine(api.MediaRoot, "staging", stagedKey)).Length);
        // A new photo is a change: the approved promotion goes back to moderation with it.
        Assert.Equal(ModerationStatus.Pending, await api.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotion).Select(p => p.ApprovalStatus).SingleAsync()));

        var text = new StringContent("hello", System.Text.Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await http.PostAsync($"/api/v1/partner/promotions/{promotion}/photo", text, Ct), HttpStatusCode.UnsupportedMediaType);
        var huge = new ByteArrayContent(new byte[5 * 1024 * 1024 + 1]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        await ProblemAssert.IsProblemAsync(await http.PostAsync($"/api/v1/partner/promotions/{promotion}/photo", huge, Ct), HttpStatusCode.RequestEntityTooLarge);
        var chunked = new StreamContent(new MemoryStream(new byte[5 * 1024 * 1024 + 1]));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/partner/promotions/{promotion}/photo") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await ProblemAssert.IsProblemAsync(await http.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Report_export_is_requested_through_the_outbox()
    {
        using var http = await api.SignInAsync(await api.AddPartnerAsync(730_112));
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsJsonAsync("/api/v1/partner/exports", new { format = "xlsx" }, Ct)).StatusCode);
        Assert.Equal(1, await api.OutboxCountAsync("ExportRequestedIntegrationEvent", "partnerId", 730_112));
        await ProblemAssert.IsProblemAsync(await http.PostAsJsonAsync("/api/v1/partner/exports", new { format = "pdf" }, Ct), HttpStatusCode.BadRequest, "format");
    }

    /// <summary>IDOR: every partner resource addressed with another partner's id is a 404, never their data.</summary>
    [Fact]
    public async Task Another_partners_content_is_not_found()
    {
        var owner = await api.AddPartnerAsync(730_113);
        var promotion = await api.AddPromotionAsync(owner);
        var service = await api.AddServiceAsync(owner);
        using var intruder = await api.SignInAsync(await api.AddPartnerAsync(730_114));
        var jpeg = new ByteArrayContent([0xFF, 0xD8]);
        jpeg.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        foreach (var response in new[]
        {
            await intruder.GetAsync($"/api/v1/partner/promotions/{promotion}", Ct),
            await intruder.PutAsJsonAsync($"/api/v1/partner/promotions/{promotion}", PromotionBody(), Ct),
            await intruder.DeleteAsync($"/api/v1/partner/promotions/{promotion}", Ct),
            await intruder.PostAsync($"/api/v1/partner/promotions/{promotion}/photo", jpeg, Ct),
            await intruder.GetAsync($"/api/v1/partner/services/{service}", Ct),
            await intruder.PutAsJsonAsync($"/api/v1/partner/services/{service}", new { title = "x", category = "y", pricePoints = 1 }, Ct),
            await intruder.DeleteAsync($"/api/v1/partner/services/{service}", Ct),
            await intruder.PostAsync($"/api/v1/partner/services/{service}/photo", jpeg, Ct),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.DoesNotContain(promotion, (await Json.ReadAsync(await intruder.GetAsync("/api/v1/partner/promotions", Ct))).Ids());
        Assert.True(await api.WithDbAsync(db => db.Promotions.AnyAsync(p => p.Id == promotion && p.IsActive)));
        Assert.True(await api.WithDbAsync(db => db.Services.AnyAsync(s => s.Id == service && s.IsActive)));

        using var client = await api.SignInAsync(await api.RegisterClientAsync(730_008));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/partner/promotions/{promotion}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/partner/analytics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.GetAsync("/api/v1/admin/applications", Ct)).StatusCode);
    }

    [Fact]
    public async Task Settings_round_trip_keep_a_left_out_field_and_are_the_partners_own()
    {
        using var http = await api.SignInAsync(await api.AddPartnerAsync(730_115));
        var other = await api.AddPartnerAsync(730_116);
        var initial = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/settings", Ct));
        Assert.True(initial.GetProperty("allowClientMessages").GetBoolean());
        Assert.False(initial.GetProperty("reactivationOptOut").GetBoolean());

        var both = await Json.ReadAsync(await http.PutAsJsonAsync("/api/v1/partner/settings", new { allowClientMessages = false, reactivationOptOut = true }, Ct));
        Assert.False(both.GetProperty("allowClientMessages").GetBoolean());
        Assert.True(both.GetProperty("reactivationOptOut").GetBoolean());
        // Only one field: the other keeps the value just set.
        await Json.ReadAsync(await http.PutAsJsonAsync("/api/v1/partner/settings", new { allowClientMessages = true }, Ct));
        var read = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/settings", Ct));
        Assert.True(read.GetProperty("allowClientMessages").GetBoolean());
        Assert.True(read.GetProperty("reactivationOptOut").GetBoolean());
        Assert.Equal((true, true), await api.WithDbAsync(db => db.Partners.Where(p => p.Id == 730_115)
            .Select(p => new ValueTuple<bool, bool>(p.AllowClientMessages, p.ReactivationOptOut)).SingleAsync()));
        Assert.Equal((true, false), await api.WithDbAsync(db => db.Partners.Where(p => p.Id == other)
            .Select(p => new ValueTuple<bool, bool>(p.AllowClientMessages, p.ReactivationOptOut)).SingleAsync()));

        using var text = new StringContent("{\"reactivationOptOut\":\"yes\"}", System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await http.PutAsync("/api/v1/partner/settings", text, Ct), HttpStatusCode.BadRequest);
        using var nothing = new StringContent("null", System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await http.PutAsync("/api/v1/partner/settings", nothing, Ct), HttpStatusCode.BadRequest, "body");
        Assert.True((await Json.ReadAsync(await http.GetAsync("/api/v1/partner/settings", Ct))).GetProperty("reactivationOptOut").GetBoolean());

        using var client = await api.SignInAsync(await api.RegisterClientAsync(730_009));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/partner/settings", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync("/api/v1/partner/settings", new { reactivationOptOut = true }, Ct)).StatusCode);
    }
}
