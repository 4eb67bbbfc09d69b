using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>LoyalityBot.Api.http has an example call for every /api and /media endpoint the API maps.</summary>
    [Fact]
    public void The_http_file_has_an_example_for_every_endpoint()
    {
        var calls = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "LoyalityBot.Api.http"))
            .Select(line => Regex.Match(line, @"^(GET|HEAD|POST|PUT|DELETE|PATCH) \{\{api\}\}(/[^?\s]*)"))
            .Where(m => m.Success)
            .Select(m => (Method: m.Groups[1].Value, Path: m.Groups[2].Value))
            .ToList();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/", StringComparison.Ordinal) || raw.StartsWith("/media/", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (Method: method, Pattern: e.RoutePattern.RawText!)))
            .ToList();
        Assert.True(endpoints.Count >= 45, $"only {endpoints.Count} endpoints found");
        var missing = endpoints.Where(e =>
        {
            var path = new Regex("^" + Regex.Replace(e.Pattern, @"\{[^}]+\}", "[^/]+") + "$");
            return !calls.Any(c => c.Method == e.Method && path.IsMatch(c.Path));
        }).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.True(missing.Count == 0, "no example in LoyalityBot.Api.http for: " + string.Join(", ", missing));
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
