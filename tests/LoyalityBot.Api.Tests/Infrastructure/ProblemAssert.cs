using System.Text.Json;

namespace LoyalityBot.Api.Tests.Infrastructure;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 7807 problem with this status and, for a 400, an error for each named field.</summary>
    public static async Task IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] fields)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
        foreach (var field in fields)
        {
            Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {body.RootElement}");
        }
    }
}
