using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LoyalityBot.Domain.Queries;

/// <summary>
/// Where a keyset page ends: the sort key of its last row. Callers see only an opaque string, so the
/// encoding can change (a version prefix guards that) without breaking their URLs.
/// </summary>
public readonly record struct PageCursor(long After)
{
    private const string Version = "k1.";

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Version + After.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? text, out PageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }
        var decoded = Encoding.ASCII.GetString(bytes);
        if (!decoded.StartsWith(Version, StringComparison.Ordinal)
            || !long.TryParse(decoded.AsSpan(Version.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var after))
        {
            return false;
        }
        cursor = new PageCursor(after);
        return true;
    }

    public override string ToString() => Encode();
}
