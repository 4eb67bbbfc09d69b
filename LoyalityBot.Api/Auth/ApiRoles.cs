namespace LoyalityBot.Api.Auth;

/// <summary>What a session may do; a Telegram user may hold several (a partner who is also a client).</summary>
[Flags]
public enum ApiRoles
{
    None = 0,
    Client = 1,
    Partner = 2,
    Admin = 4,
}

/// <summary>Role names in claims and authorization policies.</summary>
public static class RoleNames
{
    public const string Client = "client";
    public const string Partner = "partner";
    public const string Admin = "admin";

    public static IEnumerable<string> Of(ApiRoles roles)
    {
        if (roles.HasFlag(ApiRoles.Client)) { yield return Client; }
        if (roles.HasFlag(ApiRoles.Partner)) { yield return Partner; }
        if (roles.HasFlag(ApiRoles.Admin)) { yield return Admin; }
    }
}
