using LoyalityBot.Api.Tests.Infrastructure;

namespace LoyalityBot.Api.Tests;

/// <summary>Tight limits, two API hosts on one Redis: the budget is shared, as it is by replicas behind the load balancer.</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitTests.TightLimits>
{
    private readonly TightLimits api;

    public RateLimitTests(TightLimits api) => this.api = api;

    public sealed class TightLimits : IAsyncLifetime
    {
        public ApiFixture Api { get; } = new();

        public async ValueTask InitializeAsync()
        {
            Api.Overrides["RateLimits:PerUser:Limit"] = "6";
            Api.Overrides["RateLimits:PerUser:Period"] = "01:00:00";
            Api.Overrides["RateLimits:PerUser:Burst"] = "6";
            Api.Overrides["RateLimits:PerIp:Limit"] = "20";
            Api.Overrides["RateLimits:PerIp:Period"] = "01:00:00";
            Api.Overrides["RateLimits:PerIp:Burst"] = "20";
            await Api.InitializeAsync();
        }

        public ValueTask DisposeAsync() => Api.DisposeAsync();
    }

    [Fact]
    public async Task Two_replicas_share_the_per_user_limit_and_answer_429_with_retry_after()
    {
        var fixture = api.Api;
        var clientId = await fixture.RegisterClientAsync(760_001);
        var replica = await fixture.CreateReplicaAsync();
        using var signIn = await fixture.SignInAsync(clientId); // the sign-in itself counts only per IP
        var token = signIn.DefaultRequestHeaders.Authorization!.Parameter;
        using var first = fixture.CreateClient(token);
        using var second = fixture.CreateClient(token, replica);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/client/me");
            request.Headers.Add(RemoteIpStartupFilter.Header, $"10.200.0.{i + 1}"); // a new IP each time: only the user limit applies
            var response = await (i % 2 == 0 ? first : second).SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        await ProblemAssert.IsProblemAsync(refused!, HttpStatusCode.TooManyRequests);
        Assert.InRange(refused!.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600); // 6 an hour: one every 10 min
    }

    [Fact]
    public async Task The_per_ip_limit_applies_to_anonymous_calls_across_replicas()
    {
        var fixture = api.Api;
        var replica = await fixture.CreateReplicaAsync();
        using var first = fixture.CreateClient();
        using var second = fixture.CreateClient(host: replica);
        var limited = 0;
        for (var i = 0; i < 24; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/session") { Content = JsonContent.Create(new { initData = "x=1" }) };
            request.Headers.Add(RemoteIpStartupFilter.Header, "10.201.0.1");
            var response = await (i % 2 == 0 ? first : second).SendAsync(request, TestContext.Current.CancellationToken);
            limited += response.StatusCode == HttpStatusCode.TooManyRequests ? 1 : 0;
        }
        Assert.Equal(4, limited);
    }
}
