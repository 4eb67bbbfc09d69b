namespace LoyalityBot.Domain.Queries;

/// <summary>One keyset page: at most <see cref="Size"/> rows after <see cref="After"/> (null: the first page).</summary>
public sealed record PageRequest
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public PageCursor? After { get; }
    public int Size { get; }

    private PageRequest(PageCursor? after, int size) => (After, Size) = (after, size);

    public static PageRequest First(int? size = null) => new(null, Clamp(size));

    /// <summary>From what a caller sent; a cursor that was not made by <see cref="PageCursor"/> is a <see cref="FormatException"/>.</summary>
    public static PageRequest Parse(string? cursor, int? size = null)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return First(size);
        }
        return PageCursor.TryDecode(cursor, out var after)
            ? new PageRequest(after, Clamp(size))
            : throw new FormatException("The page cursor is not valid.");
    }

    /// <summary>Sizes outside 1..100 are brought within it; nothing is ever unbounded.</summary>
    private static int Clamp(int? size) => Math.Clamp(size ?? DefaultSize, 1, MaxSize);
}
