using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
        // A second application of the same Telegram user cannot make a second partner; it stays pending, so nothing is lost.
        var second = await AddApplicationAsync(740_001);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{second}/approve", new { }, Ct), HttpStatusCode.Conflict);
        Assert.Equal(ApplicationStatus.Pending, await api.WithDbAsync(db => db.PartnerApplications.Where(a => a.Id == second).Select(a => a.Status).SingleAsync()));
        Assert.Equal(0, await api.OutboxCountAsync("PartnerApplicationDecidedIntegrationEvent", "applicationId", second));

        var refusal = await Json.ReadAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{rejected}/reject", new { reason = "No license" }, Ct));
        Assert.Equal("Rejected", refusal.GetProperty("status").GetString());
        Assert.False(await api.WithDbAsync(db => db.Partners.AnyAsync(p => p.Id == 740_002)));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/v1/admin/applications/999999/approve", new { }, Ct)).StatusCode);
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/applications/{rejected}/approve", new { reason = new string('x', 1001) }, Ct), HttpStatusCode.BadRequest, "reason");
    }

    /// <summary>
    /// Two admins (on two API replicas) approve and reject the same application at once. The test holds the row lock
    /// until both requests are waiting on it, so they really overlap: exactly one decision wins, the other is a 409
    /// problem, and there is at most one partner and exactly one decision event.
    /// </summary>
    [Theory]
    [InlineData(760_501)]
    [InlineData(760_502)]
    public async Task Concurrent_approve_and_reject_decide_once(long telegramId)
    {
        var id = await AddApplicationAsync(telegramId);
        var replica = await api.CreateReplicaAsync();
        using var first = await api.SignInAsync(ApiFixture.AdminId);
        using var second = api.CreateClient(first.DefaultRequestHeaders.Authorization!.Parameter, replica);

        await using var blocker = new NpgsqlConnection(api.ConnectionString);
        await blocker.OpenAsync(Ct);
        await using var hold = await blocker.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM partner_applications WHERE id = {id} FOR UPDATE", blocker, hold))
        {
            await lockRow.ExecuteScalarAsync(Ct);
        }
        var approve = first.PostAsJsonAsync($"/api/v1/admin/applications/{id}/approve", new { }, Ct);
        var reject = second.PostAsJsonAsync($"/api/v1/admin/applications/{id}/reject", new { reason = "duplicate" }, Ct);
        await WaitForLockWaitersAsync(blocker, 2, approve, reject);
        await hold.RollbackAsync(Ct);
        var responses = await Task.WhenAll(approve, reject);

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        await ProblemAssert.IsProblemAsync(Assert.Single(responses, r => r.StatusCode != HttpStatusCode.OK), HttpStatusCode.Conflict);
        var decided = (await Json.ReadAsync(winner)).GetProperty("status").GetString();
        Assert.Equal(decided, (await api.WithDbAsync(db => db.PartnerApplications.SingleAsync(a => a.Id == id))).Status.ToString());
        Assert.Equal(decided == "Approved" ? 1 : 0, await api.WithDbAsync(db => db.Partners.CountAsync(p => p.Id == telegramId)));
        Assert.Equal(1, await api.OutboxCountAsync("PartnerApplicationDecidedIntegrationEvent", "applicationId", id));
    }

    /// <summary>
    /// Until <paramref name="count"/> sessions of this database wait on a lock (at most 60 s on a loaded machine). A
    /// request that answers meanwhile never reached the lock: it fails the wait with its answer.
    /// </summary>
    private static async Task WaitForLockWaitersAsync(NpgsqlConnection connection, int count, params Task<HttpResponseMessage>[] requests)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (requests.FirstOrDefault(r => r.IsCompleted) is { } answered)
            {
                var response = await answered;
                throw new InvalidOperationException(
                    $"A request answered before reaching the row lock: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            }
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            if ((int)(await waiting.ExecuteScalarAsync(Ct))! >= count)
            {
                return;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"{count} requests did not reach the row lock within 60 s.");
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
        // A decided item is not decided again (two admins, a stale screen): a 409, and the partner hears one decision.
        await ProblemAssert.IsProblemAsync(await admin.PostAsJsonAsync($"/api/v1/admin/moderation/promotions/{promotion}/reject", new { reason = "late" }, Ct), HttpStatusCode.Conflict);
        Assert.Equal(ModerationStatus.Approved, await api.WithDbAsync(db => db.Promotions.Where(p => p.Id == promotion).Select(p => p.ApprovalStatus).SingleAsync()));
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
    [InlineData("GET", "/api/v1/admin/broadcasts")]
    [InlineData("POST", "/api/v1/admin/broadcasts")]
    [InlineData("GET", "/api/v1/admin/broadcasts/1")]
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
