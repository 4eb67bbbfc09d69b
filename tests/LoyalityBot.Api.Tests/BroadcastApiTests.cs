using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Tests;

/// <summary>Admin and partner broadcasts through BroadcastService: creation, validation, limits, progress, tenancy.</summary>
public sealed class BroadcastApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> AccrueAsync(HttpClient partner, long client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/partner/accruals") { Content = JsonContent.Create(new { clientId = client, purchaseAmount = 50m }) };
        request.Headers.Add("Idempotency-Key", key);
        return partner.SendAsync(request, Ct);
    }

    /// <summary>What the sending worker's recount writes; the API only reads it.</summary>
    private Task RecountAsync(long broadcast, int recipients, int sent, int failed, int skipped) => api.WithDbAsync(db =>
        db.BroadcastCampaigns.Where(c => c.Id == broadcast).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.Status, BroadcastStatus.Sending).SetProperty(c => c.RecipientCount, recipients)
            .SetProperty(c => c.SentCount, sent).SetProperty(c => c.FailedCount, failed).SetProperty(c => c.SkippedCount, skipped)));

    [Fact]
    public async Task Admin_broadcast_to_a_citys_clients_is_created_listed_and_shows_progress()
    {
        var city = await api.AddCityAsync("Broadcast City");
        await api.RegisterClientAsync(750_001, city);
        await api.RegisterClientAsync(750_002, city);
        await api.RegisterClientAsync(750_003);
        await api.AddPartnerAsync(750_101, city, category: "yoga");
        using var admin = await api.SignInAsync(ApiFixture.AdminId);

        var response = await admin.PostAsJsonAsync("/api/v1/admin/broadcasts", new { audience = "clients", cityId = city, text = "Winter sale!" }, Ct);
        var created = await Json.ReadAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(2, created.GetProperty("recipients").GetInt32());
        Assert.Equal($"/api/v1/admin/broadcasts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, await api.OutboxCountAsync("BroadcastRequestedIntegrationEvent", "broadcastId", id));

        var scheduled = await Json.ReadAsync(await admin.GetAsync($"/api/v1/admin/broadcasts/{id}", Ct));
        Assert.Equal("Scheduled", scheduled.GetProperty("status").GetString());
        Assert.Equal("Admin", scheduled.GetProperty("initiator").GetString());
        Assert.Equal(city, scheduled.GetProperty("cityId").GetInt32());
        Assert.Equal("Winter sale!", scheduled.GetProperty("text").GetString());

        await RecountAsync(id, recipients: 4, sent: 1, failed: 1, skipped: 1);
        var progress = (await Json.ReadAsync(await admin.GetAsync($"/api/v1/admin/broadcasts/{id}", Ct))).GetProperty("progress");
        Assert.Equal((4, 1, 1, 1, 1), (progress.GetProperty("recipients").GetInt32(), progress.GetProperty("sent").GetInt32(),
            progress.GetProperty("failed").GetInt32(), progress.GetProperty("skipped").GetInt32(), progress.GetProperty("remaining").GetInt32()));

        var partners = await Json.ReadAsync(await admin.PostAsJsonAsync("/api/v1/admin/broadcasts", new { audience = "partners", category = "yoga", text = "Hi partners" }, Ct), HttpStatusCode.Created);
        Assert.Equal(1, partners.GetProperty("recipients").GetInt32());

        await api.WaitForReplicaAsync();
        var first = await Json.ReadAsync(await admin.GetAsync("/api/v1/admin/broadcasts?limit=1", Ct));
        Assert.Equal([partners.GetProperty("id").GetInt64()], first.Ids());
        var second = await Json.ReadAsync(await admin.GetAsync($"/api/v1/admin/broadcasts?limit=1&cursor={first.GetProperty("nextCursor").GetString()}", Ct));
        Assert.Equal([id], second.Ids());
        Assert.Equal(1, second.GetProperty("items")[0].GetProperty("progress").GetProperty("sent").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/admin/broadcasts/999999999", Ct)).StatusCode);
    }

    [Fact]
    public async Task Admin_broadcast_input_is_validated()
    {
        await api.RegisterClientAsync(750_011);
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        Task<HttpResponseMessage> PostAsync(object body) => admin.PostAsJsonAsync("/api/v1/admin/broadcasts", body, Ct);

        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "everyone", text = " " }), HttpStatusCode.BadRequest, "audience", "text");
        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "clients", text = new string('x', 4097) }), HttpStatusCode.BadRequest, "text");
        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "clients", cityId = -3, text = "Hi" }), HttpStatusCode.BadRequest, "cityId");
        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "clients", cityId = 999_999, text = "Hi" }), HttpStatusCode.BadRequest, "cityId");
        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "clients", category = new string('c', 101), text = "Hi" }), HttpStatusCode.BadRequest, "category");
        await ProblemAssert.IsProblemAsync(await PostAsync(new { audience = "clients", category = "nobody-visits-this", text = "Hi" }), HttpStatusCode.UnprocessableEntity);
        using var notJson = new StringContent("audience=clients&text=Hi", System.Text.Encoding.UTF8, "text/plain");
        await ProblemAssert.IsProblemAsync(await admin.PostAsync("/api/v1/admin/broadcasts", notJson, Ct), HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await api.WithDbAsync(db => db.BroadcastCampaigns.CountAsync(c => c.Text == "Hi")));
    }

    [Fact]
    public async Task A_partner_broadcasts_to_its_own_visitors_once_a_day()
    {
        var visitor = await api.RegisterClientAsync(750_021);
        await api.RegisterClientAsync(750_022); // never visited: not in the audience
        var owner = await api.AddPartnerAsync(750_121);
        using var partner = await api.SignInAsync(owner);
        await Json.ReadAsync(await AccrueAsync(partner, visitor, "visit-1"));

        await ProblemAssert.IsProblemAsync(await partner.PostAsJsonAsync("/api/v1/partner/broadcasts", new { audience = "strangers", text = "" }, Ct),
            HttpStatusCode.BadRequest, "audience", "text");
        var response = await partner.PostAsJsonAsync("/api/v1/partner/broadcasts", new { audience = "visitors", text = "New menu" }, Ct);
        var created = await Json.ReadAsync(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt64();
        Assert.Equal(1, created.GetProperty("recipients").GetInt32());
        Assert.Equal(1, await api.OutboxCountAsync("BroadcastRequestedIntegrationEvent", "broadcastId", id));

        var again = await partner.PostAsJsonAsync("/api/v1/partner/broadcasts", new { text = "Another one" }, Ct);
        Assert.InRange(again.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 86_400);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.TooManyRequests);
        Assert.Equal(1, await api.WithDbAsync(db => db.BroadcastCampaigns.CountAsync(c => c.PartnerId == owner)));

        var own = await Json.ReadAsync(await partner.GetAsync($"/api/v1/partner/broadcasts/{id}", Ct));
        Assert.Equal("Visitors", own.GetProperty("audience").GetString());
        Assert.Equal(owner, own.GetProperty("partnerId").GetInt64());
        await api.WaitForReplicaAsync();
        Assert.Equal([id], (await Json.ReadAsync(await partner.GetAsync("/api/v1/partner/broadcasts", Ct))).Ids());
    }

    [Fact]
    public async Task A_partner_without_clients_has_nobody_to_broadcast_to()
    {
        using var partner = await api.SignInAsync(await api.AddPartnerAsync(750_131));
        await ProblemAssert.IsProblemAsync(await partner.PostAsJsonAsync("/api/v1/partner/broadcasts", new { audience = "both", text = "Anyone?" }, Ct),
            HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>IDOR: another partner's broadcast is a 404 and absent from the list; clients and partners may not use the admin's.</summary>
    [Fact]
    public async Task Broadcasts_are_visible_to_their_partner_and_admins_only()
    {
        var visitor = await api.RegisterClientAsync(750_041);
        var owner = await api.AddPartnerAsync(750_141);
        using var partner = await api.SignInAsync(owner);
        await Json.ReadAsync(await AccrueAsync(partner, visitor, "visit-41"));
        var id = (await Json.ReadAsync(await partner.PostAsJsonAsync("/api/v1/partner/broadcasts", new { text = "Mine" }, Ct), HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        using var intruder = await api.SignInAsync(await api.AddPartnerAsync(750_142));
        using var client = await api.SignInAsync(visitor);
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        await api.WaitForReplicaAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"/api/v1/partner/broadcasts/{id}", Ct)).StatusCode);
        Assert.DoesNotContain(id, (await Json.ReadAsync(await intruder.GetAsync("/api/v1/partner/broadcasts", Ct))).Ids());
        Assert.Equal(owner, (await Json.ReadAsync(await admin.GetAsync($"/api/v1/admin/broadcasts/{id}", Ct))).GetProperty("partnerId").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/partner/broadcasts/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/partner/broadcasts", new { text = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/api/v1/admin/broadcasts/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsJsonAsync("/api/v1/admin/broadcasts", new { audience = "clients", text = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/broadcasts", Ct)).StatusCode);
        Assert.Equal(0, await api.WithDbAsync(db => db.BroadcastCampaigns.CountAsync(c => c.Text == "x")));
    }
}
