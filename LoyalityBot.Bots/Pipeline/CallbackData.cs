using System.Globalization;
using LoyalityBot.Domain.Queries;

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

    /// <summary>
    /// A "next page" button, <c>prefix:&lt;cursor&gt;</c>: true when the update pressed one, with the page it asks for,
    /// or a null page when its cursor is malformed or forged (the handler answers "stale").
    /// </summary>
    public static bool TryParsePage(string? data, string prefix, int pageSize, out PageRequest? page)
    {
        page = null;
        if (!TryParse(data, prefix, out var parts))
        {
            return false;
        }
        if (parts is [var cursor] && PageCursor.TryDecode(cursor, out _))
        {
            page = PageRequest.Parse(cursor, pageSize);
        }
        return true;
    }

    public static bool TryId(string text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
