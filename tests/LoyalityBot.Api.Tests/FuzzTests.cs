using System.Net.Http.Headers;
using System.Text;
using LoyalityBot.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Api.Tests;

/// <summary>
/// Every mapped endpoint, hit with random and malformed route values, query strings, bodies and headers, as an
/// anonymous caller and as a user holding all three roles: nothing may answer 5xx. Seeded, so a failure replays.
/// </summary>
public sealed class FuzzTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const int RequestsPerEndpoint = 30;

    private static readonly string[] RouteValues =
        ["0", "-1", "1", "9223372036854775807", "9223372036854775808", "abc", "%01", "..%2F..", "1e3", "ü", new string('9', 400), "full", "thumb",
         new string('a', 64), "promotions", "services"];

    private static readonly string[] QueryValues =
        ["", "0", "-5", "101", "abc", "%FF", "k1.", "azEuLTE", "bogus==", new string('x', 5000), "7d", "all", "csv", "null", "1.5", "[]"];

    private static readonly string[] QueryNames = ["cursor", "limit", "cityId", "category", "period", "format", "kind"];

    private static readonly string[] Bodies =
    [
        "", "{", "}", "null", "[]", "\"text\"", "{\"points\":\"many\"}", "{\"clientId\":1e400}", "{\"purchaseAmount\":79228162514264337593543950336}",
        "{\"rating\":-1,\"partnerId\":-9}", "{\"title\":null,\"type\":\"Nope\",\"startsOn\":\"yesterday\"}", "{\"serviceIds\":[1,2,3,\"x\"]}",
        "{\"initData\":\"user=%7B%7D&hash=zz\"}", "{\"text\":\"" + new string('é', 3000) + "\"}", "{\"a\":" + string.Concat(Enumerable.Repeat("[", 200)) + "}",
        "{\"minTier\":99,\"tierVisibility\":-3,\"price\":-0}", "{\"reason\":{\"nested\":true}}", "{\"format\":123,\"kind\":[]}",
    ];

    private static readonly string?[] ContentTypes =
        ["application/json", "application/json; charset=utf-8", "text/plain", "image/jpeg", "image/png", "multipart/form-data; boundary=x", "application/xml", null, "garbage/;;"];

    [Fact]
    public async Task No_endpoint_answers_5xx_to_malformed_input()
    {
        const long superUser = ApiFixture.AdminId;
        await api.RegisterClientAsync(superUser);
        await api.AddPartnerAsync(superUser);
        using var signedIn = await api.SignInAsync(superUser);
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter;
        using var authenticated = api.CreateClient(token);
        using var anonymous = api.CreateClient();

        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern)))
            .ToList();
        Assert.True(endpoints.Count >= 35, $"only {endpoints.Count} endpoints found");
        var random = new Random(20261201);
        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            for (var i = 0; i < RequestsPerEndpoint; i++)
            {
                var path = new StringBuilder();
                foreach (var segment in pattern.PathSegments)
                {
                    path.Append('/');
                    foreach (var part in segment.Parts)
                    {
                        path.Append(part switch
                        {
                            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => RouteValues[random.Next(RouteValues.Length)],
                            _ => "",
                        });
                    }
                }
                var query = string.Join('&', Enumerable.Range(0, random.Next(4)).Select(_ => $"{QueryNames[random.Next(QueryNames.Length)]}={QueryValues[random.Next(QueryValues.Length)]}"));
                using var request = new HttpRequestMessage(new HttpMethod(method), path + (query.Length > 0 ? "?" + query : ""));
                if (method is "POST" or "PUT" or "PATCH" || random.Next(4) == 0)
                {
                    var bytes = random.Next(5) == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(Bodies[random.Next(Bodies.Length)]);
                    request.Content = new ByteArrayContent(bytes);
                    if (ContentTypes[random.Next(ContentTypes.Length)] is { } type && MediaTypeHeaderValue.TryParse(type, out var parsed))
                    {
                        request.Content.Headers.ContentType = parsed;
                    }
                }
                if (random.Next(3) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", QueryValues[random.Next(QueryValues.Length)]);
                }
                if (random.Next(6) == 0)
                {
                    request.Headers.TryAddWithoutValidation("If-None-Match", random.Next(2) == 0 ? "*" : "\"x\", W/\"y\", garbage");
                }
                if (random.Next(8) == 0)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", random.Next(2) == 0 ? "tma " + QueryValues[random.Next(QueryValues.Length)] : "Bearer " + new string('A', random.Next(100)));
                }
                var response = await (random.Next(5) == 0 ? anonymous : authenticated).SendAsync(request, TestContext.Current.CancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{method} {request.RequestUri} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(1, 2048)];
        random.NextBytes(bytes);
        return bytes;
    }
}
