using System.Globalization;
using System.Security.Cryptography;
using LoyalityBot.Media;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LoyalityBot.Workers.Images;

/// <summary>
/// Turns an uploaded photo into the stored variants: decodes it with SkiaSharp (anything Skia cannot decode is not
/// an image), applies its EXIF orientation, fits it into <see cref="MediaVariants.FullMaxSide"/> and
/// <see cref="MediaVariants.ThumbMaxSide"/> px (never enlarging), flattens transparency onto white (JPEG has no
/// alpha) and re-encodes both as JPEG. The name is the SHA-256 of the full JPEG, so the same output is stored once.
/// </summary>
public sealed class ImageProcessor(IOptions<ImageOptions> options)
{
    private static readonly SKSamplingOptions Sampling = new(SKCubicResampler.Mitchell);

    private readonly ImageOptions settings = options.Value;

    /// <summary>Throws <see cref="ImageRejectedException"/> with a message for the partner when it is not acceptable.</summary>
    public ProcessedImage Process(ReadOnlyMemory<byte> source)
    {
        if (source.Length > settings.MaxBytes)
        {
            throw TooLarge(source.Length);
        }
        using var data = SKData.CreateCopy(source.Span);
        using var codec = SKCodec.Create(data)
            ?? throw new ImageRejectedException("The file is not an image. Send a photo (JPEG, PNG, WebP or GIF).");
        var info = codec.Info;
        if (info.Width < 1 || info.Height < 1)
        {
            throw new ImageRejectedException("The image is empty.");
        }
        if ((long)info.Width * info.Height > settings.MaxPixels)
        {
            throw new ImageRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The image is {info.Width}×{info.Height} px; at most {settings.MaxPixels / 1_000_000} megapixels are accepted."));
        }
        using var decoded = Decode(codec);
        using var oriented = codec.EncodedOrigin is SKEncodedOrigin.TopLeft ? null : Orient(decoded, codec.EncodedOrigin);

        var full = Fit(oriented ?? decoded, MediaVariants.FullMaxSide);
        using var fullImage = SKImage.FromEncodedData(full.Jpeg);
        var thumb = Fit(fullImage, MediaVariants.ThumbMaxSide);
        return new ProcessedImage(Convert.ToHexStringLower(SHA256.HashData(full.Jpeg)), full, thumb);
    }

    public ImageRejectedException TooLarge(long bytes) => new(string.Create(CultureInfo.InvariantCulture,
        $"The photo is {bytes / 1048576.0:0.0} MB; the limit is {settings.MaxBytes / 1048576.0:0.#} MB. Send a smaller one."));

    /// <summary>
    /// Decodes at the smallest size that still covers the full variant. JPEG decodes natively at 1/8, 1/4 or 1/2
    /// size, so a 40 MP camera JPEG is decoded at 1/4 (10 MB of pixels, not 160); other formats decode whole.
    /// </summary>
    private static SKImage Decode(SKCodec codec)
    {
        var size = codec.Info.Size;
        foreach (var scale in (ReadOnlySpan<float>)[0.125f, 0.25f, 0.5f])
        {
            var scaled = codec.GetScaledDimensions(scale);
            if (Math.Max(scaled.Width, scaled.Height) >= MediaVariants.FullMaxSide)
            {
                size = scaled;
                break;
            }
        }
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        // A truncated file still yields the rows that arrived; a photo with missing rows is not accepted.
        if (result != SKCodecResult.Success)
        {
            throw new ImageRejectedException($"The image could not be read ({result}); the file may be damaged.");
        }
        bitmap.SetImmutable();
        return SKImage.FromBitmap(bitmap);
    }

    /// <summary>Draws the decoded pixels upright, as the camera's EXIF orientation says they should be seen.</summary>
    private static SKImage Orient(SKImage image, SKEncodedOrigin origin)
    {
        var swap = origin >= SKEncodedOrigin.LeftTop; // the 90° and 270° cases
        var (w, h) = swap ? (image.Height, image.Width) : (image.Width, image.Height);
        using var surface = SKSurface.Create(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.SetMatrix(OriginMatrix(origin, image.Width, image.Height));
        canvas.DrawImage(image, 0, 0);
        return surface.Snapshot();
    }

    // The EXIF orientations as transforms from the stored pixels (width w, height h) to the upright picture.
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    /// <summary>Scales down to at most <paramref name="maxSide"/> on the longest side, on white, as JPEG.</summary>
    private EncodedImage Fit(SKImage image, int maxSide)
    {
        var scale = Math.Min(1.0, (double)maxSide / Math.Max(image.Width, image.Height));
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), Sampling);
        using var snapshot = surface.Snapshot();
        using var jpeg = snapshot.Encode(SKEncodedImageFormat.Jpeg, settings.JpegQuality);
        return new EncodedImage(jpeg.ToArray(), width, height);
    }
}
