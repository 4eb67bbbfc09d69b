namespace LoyalityBot.Workers.Images;

/// <summary>The <c>Images</c> section: what a partner's photo may be, and how it is re-encoded.</summary>
public sealed class ImageOptions
{
    public const string SectionName = "Images";

    /// <summary>The largest source file accepted (the 5 MB).</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The most pixels a source may decode to. A small file can claim a huge canvas (a decompression bomb); it is
    /// refused before its pixels are allocated. 40 MP is above any phone camera.
    /// </summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>JPEG quality of both variants, 1 to 100.</summary>
    public int JpegQuality { get; set; } = 85;

    internal string? Validate() =>
        MaxBytes < 1 || MaxPixels < 1 ? "Images:MaxBytes and MaxPixels must be positive."
        : JpegQuality is < 1 or > 100 ? "Images:JpegQuality must be 1 to 100."
        : null;
}
