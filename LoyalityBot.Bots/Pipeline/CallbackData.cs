using System.Globalization;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>
/// Parses <c>prefix:a:b</c> callback data. Everything in it came from a user's client and may be stale or forged:
/// parts are checked here for shape, and handlers check ownership (a client's own entry, a partner's own item).
/// </summary>
internal static class CallbackData
{
    public static bool TryParse(string? data, string prefix, out string[] parts)
    {
        parts = [];
        if (data is null || !data.StartsWith(prefix + ":", StringComparison.Ordinal) || data.Length > 64)
        {
            return false;
        }
        parts = data[(prefix.Length + 1)..].Split(':');
        return true;
    }

    public static bool TryId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
