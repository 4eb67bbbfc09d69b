namespace LoyalityBot.Api.Auth;

/// <summary>The <c>Auth</c> section: how Mini App logins are checked and how long a session lasts.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HMAC key of the session tokens; the same on every replica (the AppHost generates one).</summary>
    public string SessionSigningKey { get; set; } = "";

    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The oldest <c>auth_date</c> an initData may carry (the doc's freshness check).</summary>
    public TimeSpan InitDataMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The bot whose Mini App signs initData (its token is <c>Telegram:Bots:{name}:Token</c>).</summary>
    public string MiniAppBot { get; set; } = "client";

    public string? Validate() =>
        SessionSigningKey.Length < 32 ? "Auth:SessionSigningKey must be at least 32 characters."
        : SessionLifetime <= TimeSpan.Zero || SessionLifetime > TimeSpan.FromDays(1) ? "Auth:SessionLifetime must be between 0 and 1 day."
        : InitDataMaxAge <= TimeSpan.Zero ? "Auth:InitDataMaxAge must be positive."
        : null;
}
