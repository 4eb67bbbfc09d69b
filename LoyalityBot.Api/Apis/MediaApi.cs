using LoyalityBot.Media;
using Microsoft.Net.Http.Headers;

namespace LoyalityBot.Api.Apis;

/// <summary>
/// Processed images, CDN-ready: content-addressed, so immutable and cacheable for a year; the strong ETag is the
/// hash and variant, and a matching If-None-Match is a 304 without opening the file.
/// </summary>
public static class MediaApi
{
    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/media/{hash}/{variant}", [HttpMethods.Get, HttpMethods.Head], GetAsync).WithTags("Media").AllowAnonymous();
        return app;
    }

    private static async Task<IResult> GetAsync(string hash, string variant, HttpContext context, IMediaStore media, CancellationToken ct)
    {
        if (!MediaKey.IsValidHash(hash) || !MediaVariants.TryParse(variant, out var parsed))
        {
            return TypedResults.NotFound();
        }
        var etag = new EntityTagHeaderValue($"\"{hash}.{variant}\"");
        var headers = context.Response.GetTypedHeaders();
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        headers.ETag = etag;
        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: true)))
        {
            return await media.ExistsAsync(new MediaKey(hash, parsed), ct) ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : NotFound(context);
        }
        var stored = await media.GetAsync(new MediaKey(hash, parsed), ct);
        if (stored is null)
        {
            return NotFound(context);
        }
        context.Response.RegisterForDisposeAsync(stored);
        return TypedResults.Stream(stored.Content, stored.ContentType, lastModified: stored.LastModified);
    }

    /// <summary>A missing image must not be cached for a year: the workers may still be producing it.</summary>
    private static IResult NotFound(HttpContext context)
    {
        context.Response.Headers.Remove(HeaderNames.CacheControl);
        context.Response.Headers.Remove(HeaderNames.ETag);
        return TypedResults.NotFound();
    }
}
