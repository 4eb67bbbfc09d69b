using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Api.Auth;

/// <summary>Authenticates <c>Authorization: Bearer &lt;session token&gt;</c>; the claims are the user id and roles.</summary>
public sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, SessionTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Session";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (tokens.Read(header["Bearer ".Length..].Trim()) is not { } session)
        {
            return Task.FromResult(AuthenticateResult.Fail("The session token is invalid or expired."));
        }
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, session.UserId.ToString(CultureInfo.InvariantCulture)) };
        claims.AddRange(RoleNames.Of(session.Roles).Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return base.HandleChallengeAsync(properties);
    }
}

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in Telegram user id (a partner's id is its owner's Telegram id).</summary>
    public static long UserId(this ClaimsPrincipal user) =>
        long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
}
