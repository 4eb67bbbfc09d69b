using System.Text.Json;
using LoyalityBot.Api.Tests.Infrastructure;

namespace LoyalityBot.Api.Tests;

public sealed class OpenApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_openapi_document_lists_every_group_and_scalar_serves_its_ui()
    {
        using var http = api.CreateClient();
        var document = await Json.ReadAsync(await http.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[] { "/api/v1/auth/session", "/api/v1/client/me", "/api/v1/partner/accruals", "/api/v1/admin/stats", "/media/{hash}/{variant}" })
        {
            Assert.Contains(expected, paths);
        }
        var redirect = await http.GetAsync("/scalar", TestContext.Current.CancellationToken);
        var scalar = redirect.StatusCode == HttpStatusCode.Found ? await http.GetAsync(redirect.Headers.Location, TestContext.Current.CancellationToken) : redirect;
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Equal("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_routes_and_methods_are_problems()
    {
        using var http = api.CreateClient();
        var missing = await http.GetAsync("/api/v1/nowhere", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await missing.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
    }
}
