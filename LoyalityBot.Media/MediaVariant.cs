namespace LoyalityBot.Media;

/// <summary>The stored renditions of one image.</summary>
public enum MediaVariant
{
    /// <summary>At most <see cref="MediaVariants.FullMaxSide"/> px on its longest side.</summary>
    Full,

    /// <summary>At most <see cref="MediaVariants.ThumbMaxSide"/> px on its longest side.</summary>
    Thumb,
}

/// <summary>Names and sizes of the variants, shared by the writer (workers) and the reader (API).</summary>
public static class MediaVariants
{
    public const int FullMaxSide = 1200;
    public const int ThumbMaxSide = 320;

    /// <summary>Every stored image is JPEG.</summary>
    public const string ContentType = "image/jpeg";

    /// <summary>The variant's name in keys and URLs: "full" or "thumb".</summary>
    public static string Name(this MediaVariant variant) => variant switch
    {
        MediaVariant.Full => "full",
        MediaVariant.Thumb => "thumb",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown media variant."),
    };

    /// <summary>Parses "full" or "thumb" (as they come from a URL); false for anything else.</summary>
    public static bool TryParse(string? name, out MediaVariant variant)
    {
        switch (name)
        {
            case "full": variant = MediaVariant.Full; return true;
            case "thumb": variant = MediaVariant.Thumb; return true;
            default: variant = default; return false;
        }
    }
}
