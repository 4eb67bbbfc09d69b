using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Api.Auth;

/// <summary>A signed-in Telegram user, their roles and when the session ends.</summary>
public sealed record Session(long UserId, ApiRoles Roles, DateTimeOffset ExpiresAt);

/// <summary>
/// Stateless bearer tokens: <c>base64url(user id, roles, expiry) + base64url(HMAC-SHA256)</c> with
/// <c>Auth:SessionSigningKey</c>, so any replica checks a token without a lookup. Short-lived by design: roles are
/// read from the database when the token is issued, and a revoked partner loses access when it expires.
/// </summary>
public sealed class SessionTokens(IOptions<AuthOptions> options, TimeProvider time)
{
    private const int BodyLength = 8 + 4 + 8;
    private const int MacLength = 32;
    private readonly byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SessionSigningKey), "api-session"u8);

    public (string Token, DateTimeOffset ExpiresAt) Issue(long userId, ApiRoles roles)
    {
        var expires = time.GetUtcNow().Add(options.Value.SessionLifetime);
        Span<byte> buffer = stackalloc byte[BodyLength + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(buffer, userId);
        BinaryPrimitives.WriteInt32BigEndian(buffer[8..], (int)roles);
        BinaryPrimitives.WriteInt64BigEndian(buffer[12..], expires.ToUnixTimeSeconds());
        HMACSHA256.HashData(key, buffer[..BodyLength], buffer[BodyLength..]);
        return (Base64Url.EncodeToString(buffer), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The session, or null when the token is malformed, forged or expired.</summary>
    public Session? Read(string? token)
    {
        if (token is null || token.Length != Base64Url.GetEncodedLength(BodyLength + MacLength) || !Base64Url.IsValid(token))
        {
            return null;
        }
        var bytes = Base64Url.DecodeFromChars(token);
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, bytes.AsSpan(0, BodyLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(BodyLength)))
        {
            return null;
        }
        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(12)), 0, 253402300799));
        return expires <= time.GetUtcNow()
            ? null
            : new Session(BinaryPrimitives.ReadInt64BigEndian(bytes), (ApiRoles)BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)), expires);
    }
}
