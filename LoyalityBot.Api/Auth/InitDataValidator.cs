using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoyalityBot.Api.Auth;

public enum InitDataStatus { Valid, Malformed, InvalidHash, Expired }

/// <summary>The Telegram user an initData vouches for.</summary>
public sealed record InitDataUser(long Id, string FirstName, string? Username, string? LanguageCode);

public sealed record InitDataResult(InitDataStatus Status, InitDataUser? User = null);

/// <summary>
/// Checks Mini App <c>initData</c> as Telegram specifies (telegram-bot-api.md §6): split on '&amp;' before decoding,
/// drop <c>hash</c>, sort the rest ORDINALLY as <c>key=value</c> lines, HMAC them with
/// HMAC_SHA256("WebAppData", botToken) and compare in constant time; then refuse an <c>auth_date</c> older than the
/// configured age. The <c>user</c> JSON is read as received, never re-serialized.
/// </summary>
public sealed class InitDataValidator(byte[] secretKey, TimeSpan maxAge, TimeProvider time)
{
    private const int MaxLength = 8192;

    public static InitDataValidator ForBotToken(string botToken, TimeSpan maxAge, TimeProvider time) =>
        new(HMACSHA256.HashData("WebAppData"u8, Encoding.UTF8.GetBytes(botToken)), maxAge, time);

    public InitDataResult Validate(string? initData)
    {
        if (string.IsNullOrEmpty(initData) || initData.Length > MaxLength || !TryParse(initData, out var fields)
            || !fields.Remove("hash", out var hash) || hash.Length != 64)
        {
            return new(InitDataStatus.Malformed);
        }
        var dataCheckString = string.Join('\n', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var expected = HMACSHA256.HashData(secretKey, Encoding.UTF8.GetBytes(dataCheckString));
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hash, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32
            || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return new(InitDataStatus.InvalidHash);
        }
        if (!fields.TryGetValue("auth_date", out var authDateText) || !long.TryParse(authDateText, out var authDate)
            || !fields.TryGetValue("user", out var userJson) || ReadUser(userJson) is not { } user)
        {
            return new(InitDataStatus.Malformed);
        }
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(authDate, 0, 253402300799));
        return age > maxAge || age < -TimeSpan.FromMinutes(5)
            ? new(InitDataStatus.Expired)
            : new(InitDataStatus.Valid, user);
    }

    private static bool TryParse(string initData, out Dictionary<string, string> fields)
    {
        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in initData.Split('&'))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }
            string key, value;
            try
            {
                key = Uri.UnescapeDataString(pair[..separator].Replace('+', ' '));
                value = Uri.UnescapeDataString(pair[(separator + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException)
            {
                return false;
            }
            if (!fields.TryAdd(key, value))
            {
                return false; // a repeated key is ambiguous: refuse rather than guess which one was signed
            }
        }
        return true;
    }

    private static InitDataUser? ReadUser(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var id) || !id.TryGetInt64(out var userId) || userId <= 0)
            {
                return null;
            }
            return new InitDataUser(userId, Text(root, "first_name") ?? "", Text(root, "username"), Text(root, "language_code"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
