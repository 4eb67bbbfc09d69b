using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Domain.Payments;

/// <summary>
/// Packs a <see cref="PaymentToken"/> into a base64url string short enough for a Telegram start parameter
/// (<c>pay_</c> + at most 60 characters of [A-Za-z0-9_-]): varint fields and a 128-bit truncated HMAC-SHA256.
/// The token is not secret (it travels in a QR), only unforgeable; a payment is single-use because the ledger's
/// idempotency key is derived from <see cref="IdempotencyKey"/>.
/// </summary>
public sealed class PaymentTokenCodec(IOptions<PaymentTokenOptions> options, TimeProvider time)
{
    private const int MacLength = 16;
    private readonly byte[] key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SigningKey), "payment-token"u8);

    public TimeSpan Lifetime => options.Value.Lifetime;

    /// <summary>A token for the client's offer, expiring after the configured lifetime.</summary>
    public string Issue(long clientId, long promotionId, long points)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clientId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(promotionId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        var expires = time.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        Span<byte> buffer = stackalloc byte[4 * 10 + MacLength];
        var length = 0;
        foreach (var field in (ReadOnlySpan<long>)[clientId, promotionId, points, expires])
        {
            length += WriteVarint(buffer[length..], (ulong)field);
        }
        Sign(buffer[..length], buffer.Slice(length, MacLength));
        return Base64Url.EncodeToString(buffer[..(length + MacLength)]);
    }

    /// <summary>The token's content, or an error saying why it cannot be used (malformed, forged, expired).</summary>
    public PaymentTokenReadResult Read(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 60 || !Base64Url.IsValid(text))
        {
            return PaymentTokenReadResult.Invalid("The payment code is malformed.");
        }
        var bytes = Base64Url.DecodeFromChars(text);
        if (bytes.Length <= MacLength)
        {
            return PaymentTokenReadResult.Invalid("The payment code is malformed.");
        }
        var body = bytes.AsSpan(0, bytes.Length - MacLength);
        Span<byte> expected = stackalloc byte[MacLength];
        Sign(body, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(body.Length)))
        {
            return PaymentTokenReadResult.Invalid("The payment code is not genuine.");
        }
        Span<long> fields = stackalloc long[4];
        var offset = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            if (!TryReadVarint(body[offset..], out var value, out var read) || value > long.MaxValue)
            {
                return PaymentTokenReadResult.Invalid("The payment code is malformed.");
            }
            fields[i] = (long)value;
            offset += read;
        }
        if (offset != body.Length)
        {
            return PaymentTokenReadResult.Invalid("The payment code is malformed.");
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(fields[3]).UtcDateTime;
        return expiresAt <= time.GetUtcNow().UtcDateTime
            ? PaymentTokenReadResult.Invalid("The payment code has expired; ask the client to show a new one.")
            : PaymentTokenReadResult.Valid(new PaymentToken(fields[0], fields[1], fields[2], expiresAt));
    }

    /// <summary>The ledger idempotency key of the payment a token authorises: the same token never pays twice.</summary>
    public static string IdempotencyKey(string token) =>
        "pay:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)))[..32];

    private void Sign(ReadOnlySpan<byte> body, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(key, body, full);
        full[..MacLength].CopyTo(mac);
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> source, out ulong value, out int read)
    {
        value = 0;
        for (read = 0; read < source.Length && read < 10; read++)
        {
            value |= (ulong)(source[read] & 0x7F) << (7 * read);
            if ((source[read] & 0x80) == 0)
            {
                read++;
                return true;
            }
        }
        return false;
    }
}
