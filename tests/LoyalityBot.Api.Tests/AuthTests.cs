using LoyalityBot.Api.Tests.Infrastructure;

namespace LoyalityBot.Api.Tests;

public sealed class AuthTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const long ClientId = 710_001;
    private const long PartnerId = 710_002;

    private async Task<HttpResponseMessage> SignInAsync(string initData)
    {
        using var client = api.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/session", new { initData }, TestContext.Current.CancellationToken);
    }

    private async Task EnsureUsersAsync()
    {
        if (!await api.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Clients, c => c.Id == ClientId)))
        {
            await api.RegisterClientAsync(ClientId);
            await api.AddPartnerAsync(PartnerId);
        }
    }

    [Fact]
    public async Task Valid_init_data_gives_a_session_with_the_roles_from_the_database()
    {
        await EnsureUsersAsync();
        var response = await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, ClientId, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<ApiFixture.SessionBody>(TestContext.Current.CancellationToken);
        Assert.Equal(ClientId, session!.UserId);
        Assert.Equal(["client"], session.Roles);
        Assert.InRange(session.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(25), DateTimeOffset.UtcNow.AddMinutes(31));

        using var client = api.CreateClient(session.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/client/me", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/partner/transactions", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/stats", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_partner_and_an_admin_get_their_roles()
    {
        await EnsureUsersAsync();
        var partner = await (await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, PartnerId, DateTimeOffset.UtcNow)))
            .Content.ReadFromJsonAsync<ApiFixture.SessionBody>(TestContext.Current.CancellationToken);
        Assert.Equal(["partner"], partner!.Roles);
        var admin = await (await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, ApiFixture.AdminId, DateTimeOffset.UtcNow)))
            .Content.ReadFromJsonAsync<ApiFixture.SessionBody>(TestContext.Current.CancellationToken);
        Assert.Equal(["admin"], admin!.Roles);
    }

    [Fact]
    public async Task Init_data_in_the_tma_authorization_header_is_accepted()
    {
        await EnsureUsersAsync();
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/session") { Content = JsonContent.Create(new { }) };
        request.Headers.TryAddWithoutValidation("Authorization", "tma " + InitData.Sign(ApiFixture.ClientBotToken, ClientId, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Tampered_init_data_is_401()
    {
        await EnsureUsersAsync();
        var signed = InitData.Sign(ApiFixture.ClientBotToken, ClientId, DateTimeOffset.UtcNow);
        // Claim to be someone else while keeping the hash: the signature no longer matches.
        var tampered = signed.Replace(ClientId.ToString(CultureInfo.InvariantCulture), PartnerId.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var response = await SignInAsync(tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var flipped = signed[..^1] + (signed[^1] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(flipped)).StatusCode);
    }

    [Fact]
    public async Task Expired_init_data_is_401()
    {
        await EnsureUsersAsync();
        var response = await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, ClientId, DateTimeOffset.UtcNow.AddHours(-1).AddMinutes(-1)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("too old", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, ClientId, DateTimeOffset.UtcNow.AddMinutes(-59)))).StatusCode);
    }

    [Fact]
    public async Task Init_data_signed_for_another_bot_is_401()
    {
        await EnsureUsersAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(InitData.Sign(ApiFixture.PartnerBotToken, ClientId, DateTimeOffset.UtcNow))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a=1&a=2&hash=00")]
    [InlineData("user=%E0%A4%A&hash=0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task Malformed_init_data_is_400_or_401(string initData)
    {
        var response = await SignInAsync(initData);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
    }

    [Fact]
    public async Task A_valid_telegram_user_who_never_registered_is_403()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await SignInAsync(InitData.Sign(ApiFixture.ClientBotToken, 710_999, DateTimeOffset.UtcNow))).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    [InlineData("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Endpoints_without_a_valid_session_are_401_problems(string? authorization)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/client/me");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
