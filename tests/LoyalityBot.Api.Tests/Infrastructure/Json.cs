using System.Text.Json;

namespace LoyalityBot.Api.Tests.Infrastructure;

internal static class Json
{
    /// <summary>The body as JSON, after asserting the status (the body is in the failure message).</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static IEnumerable<long> Ids(this JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => 
            item.TryGetProperty("id", out var id) ? id.GetInt64()
            : item.TryGetProperty("promotion", out var promotion) ? promotion.GetProperty("id").GetInt64()
            : item.GetProperty("service").GetProperty("id").GetInt64());
}
