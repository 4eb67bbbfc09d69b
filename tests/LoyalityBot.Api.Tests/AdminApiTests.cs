using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Api.Tests;

public sealed class AdminApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<long> AddApplicationAsync(long telegramId) => api.WithDbAsync(async db =>
    {
        var application = new PartnerApplication { TelegramUserId = telegramId, Name = $"Shop {telegramId}", Category = "food", CreatedAt = DateTime.UtcNow };
        db.PartnerApplications.Add(application);
        await db.SaveChangesAsync();
        return application.Id;
    });

    [Fact]
    public async Task Approving_an_application_creates_the_partner_once()
    {
        var id = await AddApplicationAsync(740_001);
        var rejected = await AddApplicationAsync(740_002);
        await api.WaitForReplicaAsync();
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        Assert.Contains(id, (await Json.ReadAsync(await admin.GetAsync("/api/v1/admin/applications", Ct))).Ids());

        var approved = await Json.ReadAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{id}/approve", new { }, Ct));
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        Assert.True(await api.WithDbAsync(db => db.Partners.AnyAsync(p => p.Id == 740_001 && p.ApplicationId == id)));
        Assert.Equal(1, await api.OutboxCountAsync("PartnerApplicationDecidedIntegrationEvent", "applicationId", id));
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{id}/reject", new { }, Ct), HttpStatusCode.Conflict);

        var refusal = await Json.ReadAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{rejected}/reject", new { reason = "No license" }, Ct));
        Assert.Equal("Rejected", refusal.GetProperty("status").GetString());
        Assert.False(await api.WithDbAsync(db => db.Partners.AnyAsync(p => p.Id == 740_002)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/admin/applications/999999/approve", new { }, Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{rejected}/approve", new { reason = new string('x', 1001) }, Ct), HttpStatusCode.BadRequest, "reason");
    }

    [Fact]
    public async Task Moderation_queues_approve_and_reject_content()
    {
        var partner = await api.AddPartnerAsync(740_101);
        var promotion = await api.AddPromotionAsync(partner, p => p.ApprovalStatus = ModerationStatus.Pending);
        var service = await api.AddServiceAsync(partner, status: ModerationStatus.Pending);
        await api.WaitForReplicaAsync();
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        Assert.Contains(promotion, (await Json.ReadAsync(await admin.GetAsync("/api/v1/admin/moderation/promotions", Ct))).Ids());
        Assert.Contains(service, (await Json.ReadAsync(await admin.GetAsync("/api/v1/admin/moderation/services", Ct))).Ids());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/admin/moderation/promotions/{promotion}/approve", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/admin/moderation/services/{service}/reject", new { reason = "blurry" }, Ct)).StatusCode);
        Assert.Equal(ModerationStatus.Approved, await api.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotion).Select(p => p.ApprovalStatus).SingleAsync()));
        Assert.Equal(ModerationStatus.Rejected, await api.WithDbAsync(db => db.Services.Where(s => s.Id == service).Select(s => s.ApprovalStatus).SingleAsync()));
        Assert.Equal(2, await api.OutboxCountAsync("ContentModeratedIntegrationEvent", "partnerId", partner));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/v1/admin/moderation/partners/{promotion}/approve", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/admin/moderation/services/999999/approve", new { }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Headline_stats_and_exports()
    {
        await api.RegisterClientAsync(740_201);
        await api.WaitForReplicaAsync();
        using var admin = await api.SignInAsync(ApiFixture.AdminId);
        var stats = await Json.ReadAsync(await admin.GetAsync("/api/v1/admin/stats", Ct));
        Assert.True(stats.GetProperty("clients").GetInt64() >= 1);
        Assert.True(stats.GetProperty("pointsInCirculation").GetInt64() >= 100);
        Assert.True(stats.GetProperty("transactionsLast24Hours").GetInt64() >= 1);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/v1/admin/exports", new { kind = "transactions" }, Ct)).StatusCode);
        Assert.Equal(1, await api.OutboxCountAsync("ExportRequestedIntegrationEvent", "kind", (int)LoyalityBot.Messaging.IntegrationEvents.ExportKind.AdminTransactionsCsv));
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync("/api/v1/admin/exports", new { kind = "everything" }, Ct), HttpStatusCode.BadRequest, "kind");
    }

    /// <summary>IDOR: every admin resource refuses a partner and a client (403) and an anonymous caller (401).</summary>
    [Theory]
    [InlineData("GET", "/api/v1/admin/applications")]
    [InlineData("POST", "/api/v1/admin/applications/1/approve")]
    [InlineData("POST", "/api/v1/admin/applications/1/reject")]
    [InlineData("GET", "/api/v1/admin/moderation/promotions")]
    [InlineData("GET", "/api/v1/admin/moderation/services")]
    [InlineData("POST", "/api/v1/admin/moderation/promotions/1/approve")]
    [InlineData("POST", "/api/v1/admin/moderation/services/1/reject")]
    [InlineData("GET", "/api/v1/admin/stats")]
    [InlineData("POST", "/api/v1/admin/exports")]
    public async Task Admin_resources_are_for_admins_only(string method, string path)
    {
        var partnerId = 740_300 + Math.Abs(path.GetHashCode(StringComparison.Ordinal) % 1000);
        if (!await api.WithDbAsync(db => db.Partners.AnyAsync(p => p.Id == partnerId)))
        {
            await api.AddPartnerAsync(partnerId);
            await api.RegisterClientAsync(partnerId + 5000);
        }
        using var partner = await api.SignInAsync(partnerId);
        using var client = await api.SignInAsync(partnerId + 5000);
        using var anonymous = api.CreateClient();
        foreach (var (http, expected) in new[] { (partner, HttpStatusCode.Forbidden), (client, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { kind = "clients" }) };
            Assert.Equal(expected, (await http.SendAsync(request, Ct)).StatusCode);
        }
    }
}
