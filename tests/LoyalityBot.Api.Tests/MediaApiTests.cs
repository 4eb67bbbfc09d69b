using System.Net.Http.Headers;
using System.Security.Cryptography;
using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Media;
using Microsoft.Extensions.DependencyInjection;

namespace LoyalityBot.Api.Tests;

public sealed class MediaApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Hash, byte[] Bytes)> StoreAsync()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await api.Services.GetRequiredService<IMediaStore>().PutAsync(new MediaKey(hash, MediaVariant.Full), new MemoryStream(bytes), Ct);
        return (hash, bytes);
    }

    [Fact]
    public async Task An_image_is_served_immutable_with_a_strong_etag()
    {
        var (hash, bytes) = await StoreAsync();
        using var http = api.CreateClient();
        var response = await http.GetAsync($"/media/{hash}/full", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.False(response.Headers.ETag!.IsWeak);
        Assert.Equal($"\"{hash}.full\"", response.Headers.ETag.Tag);
    }

    [Fact]
    public async Task A_matching_if_none_match_is_304_without_a_body()
    {
        var (hash, _) = await StoreAsync();
        using var http = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/media/{hash}/full");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{hash}.full\""));
        var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal($"\"{hash}.full\"", response.Headers.ETag?.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/media/{hash}/full");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"other\""));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(stale, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("thumb")]
    public async Task Missing_images_are_404_and_not_cached(string variant)
    {
        using var http = api.CreateClient();
        var response = await http.GetAsync($"/media/{new string('a', 64)}/{variant}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.CacheControl);
    }

    [Theory]
    [InlineData("/media/abc/full")]
    [InlineData("/media/..%2F..%2Fetc%2Fpasswd/full")]
    [InlineData("/media/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/full")]
    [InlineData("/media/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/original")]
    public async Task Malformed_keys_are_404(string path)
    {
        using var http = api.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(path, Ct)).StatusCode);
    }
}
