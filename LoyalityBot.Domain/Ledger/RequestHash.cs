using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LoyalityBot.Domain.Ledger;

/// <summary>A fingerprint of a request's payload, stored with its entry to tell a retry from a reused key.</summary>
internal static class RequestHash
{
    public static byte[] Of(params object?[] parts)
    {
        var canonical = string.Join('|', parts.Select(Canonical));
        return SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
    }

    // 100, 100.0 and 100.00 are the same amount, so they must hash the same.
    private static string Canonical(object? part) => part switch
    {
        null => "",
        decimal d => d.ToString("0.############", CultureInfo.InvariantCulture),
        string s => s.ToUpperInvariant(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => part.ToString() ?? "",
    };
}
