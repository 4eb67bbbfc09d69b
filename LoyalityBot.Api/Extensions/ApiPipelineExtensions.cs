using LoyalityBot.Api.Apis;
using LoyalityBot.Api.Infrastructure;
using Scalar.AspNetCore;

namespace LoyalityBot.Api.Extensions;

internal static class ApiPipelineExtensions
{
    /// <summary>
    /// Errors as problem+json (exceptions, and empty 4xx bodies from routing, binding and auth), the client IP from
    /// the proxy, authentication before the distributed rate limiter (per user needs the user), then authorization.
    /// </summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>/api/v1 (auth, client, partner, admin), /media, and the OpenAPI document with its Scalar UI.</summary>
    public static WebApplication MapLoyaltyApi(this WebApplication app)
    {
        var v1 = app.MapGroup("/api/v1");
        v1.MapAuthApi().MapClientApi().MapPartnerApi().MapAdminApi();
        app.MapMediaApi();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/scalar");
        return app;
    }
}
