using LoyalityBot.Domain.Queries;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>A page as the API returns it: the items and the cursor of the next page (null on the last).</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class Paging
{
    /// <summary><c>?cursor=&amp;limit=</c> as a keyset page request, or the per-field errors (limit 1–100, a cursor we made).</summary>
    public static bool TryParse(string? cursor, int? limit, out PageRequest page, out Dictionary<string, string[]> errors)
    {
        errors = [];
        page = PageRequest.First();
        if (limit is < 1 or > PageRequest.MaxSize)
        {
            errors["limit"] = [$"limit must be between 1 and {PageRequest.MaxSize}."];
        }
        if (!string.IsNullOrEmpty(cursor) && !PageCursor.TryDecode(cursor, out _))
        {
            errors["cursor"] = ["cursor is not a value this API returned."];
        }
        if (errors.Count > 0)
        {
            return false;
        }
        page = PageRequest.Parse(cursor, limit);
        return true;
    }

    public static PageResponse<TOut> Map<TIn, TOut>(this Page<TIn> page, Func<TIn, TOut> map) =>
        new([.. page.Items.Select(map)], page.NextCursor);
}
