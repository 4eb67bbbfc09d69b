using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyalityBot.Api.Apis;

public sealed record SessionRequest(string? InitData);

public sealed record SessionResponse(string Token, DateTimeOffset ExpiresAt, long UserId, IReadOnlyList<string> Roles);

/// <summary>Exchanges the Mini App's signed initData for a short-lived bearer session token.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/session", CreateSessionAsync).WithTags("Auth").AllowAnonymous();
        return api;
    }

    /// <summary>initData in the body, or as <c>Authorization: tma &lt;initData&gt;</c> (what Mini App clients often send).</summary>
    private static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> CreateSessionAsync(
        SessionRequest? body, HttpRequest request, InitDataValidator validator, RoleResolver roles, SessionTokens tokens,
        LoyaltyDbContext db, ApiMetrics metrics, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        var initData = body?.InitData ?? (header.StartsWith("tma ", StringComparison.OrdinalIgnoreCase) ? header[4..] : null);
        if (string.IsNullOrEmpty(initData))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["initData"] = ["initData is required."] });
        }
        var result = validator.Validate(initData);
        metrics.Sessions.Add(1, new KeyValuePair<string, object?>("outcome", result.Status.ToString()));
        if (result is not { Status: InitDataStatus.Valid, User: { } user })
        {
            var detail = result.Status == InitDataStatus.Expired
                ? "initData is too old; reopen the Mini App."
                : "initData is not valid for this bot.";
            return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);
        }
        var granted = await roles.ResolveAsync(db, user.Id, ct);
        if (granted == ApiRoles.None)
        {
            return TypedResults.Problem("Register in the client bot first.", statusCode: StatusCodes.Status403Forbidden);
        }
        var (token, expires) = tokens.Issue(user.Id, granted);
        return TypedResults.Ok(new SessionResponse(token, expires, user.Id, [.. RoleNames.Of(granted)]));
    }
}
