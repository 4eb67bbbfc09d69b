using System.Security.Cryptography;
using LoyalityBot.Workers.Images;
using Microsoft.Extensions.Options;
using SkiaSharp;

namespace LoyalityBot.Workers.Tests;

public sealed class ImageProcessorTests
{
    private static ImageProcessor Processor(ImageOptions? options = null) => new(Options.Create(options ?? new ImageOptions()));

    [Fact]
    public void A_large_photo_becomes_a_1200_px_jpeg_and_a_320_px_thumbnail_named_by_the_hash_of_the_full_one()
    {
        var image = Processor().Process(TestImages.Encode(3000, 2000));

        Assert.Equal((SKEncodedImageFormat.Jpeg, 1200, 800), TestImages.Describe(image.Full.Jpeg));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 320, 213), TestImages.Describe(image.Thumb.Jpeg));
        Assert.Equal((1200, 800), (image.Full.Width, image.Full.Height));
        Assert.Equal((320, 213), (image.Thumb.Width, image.Thumb.Height));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image.Full.Jpeg)), image.Hash);
        // The content survives: left red, right blue.
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 100, 400).Red > 200);
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 1100, 400).Blue > 200);
    }

    [Fact]
    public void A_tall_photo_is_fitted_by_its_height_and_a_small_one_is_never_enlarged()
    {
        var tall = Processor().Process(TestImages.Encode(900, 2400, SKEncodedImageFormat.Jpeg));
        var small = Processor().Process(TestImages.Encode(400, 300, SKEncodedImageFormat.Webp));

        Assert.Equal((450, 1200), (tall.Full.Width, tall.Full.Height));
        Assert.Equal((120, 320), (tall.Thumb.Width, tall.Thumb.Height));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 400, 300), TestImages.Describe(small.Full.Jpeg));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 320, 240), TestImages.Describe(small.Thumb.Jpeg));
    }

    [Fact]
    public void A_large_jpeg_decoded_at_a_reduced_scale_still_gives_exact_variants()
    {
        // 4800×3200: libjpeg decodes it at 1/2 (2400×1600), the smallest native scale still above 1200 px.
        var image = Processor().Process(TestImages.Encode(4800, 3200, SKEncodedImageFormat.Jpeg));

        Assert.Equal((SKEncodedImageFormat.Jpeg, 1200, 800), TestImages.Describe(image.Full.Jpeg));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 320, 213), TestImages.Describe(image.Thumb.Jpeg));
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 100, 400).Red > 200);
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 1100, 400).Blue > 200);
    }

    [Fact]
    public void The_same_photo_always_gets_the_same_name()
    {
        var source = TestImages.Encode(1600, 900);

        Assert.Equal(Processor().Process(source).Hash, Processor().Process(source).Hash);
        Assert.NotEqual(Processor().Process(source).Hash, Processor().Process(TestImages.Encode(1600, 901)).Hash);
    }

    [Fact]
    public void The_exif_orientation_is_applied_so_the_stored_photo_is_upright()
    {
        // Stored 600×400, left red; rotated 90° clockwise the red half is on top of a 400×600 picture.
        var image = Processor().Process(TestImages.JpegRotatedByExif(600, 400));

        Assert.Equal((400, 600), (image.Full.Width, image.Full.Height));
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 200, 100).Red > 200);
        Assert.True(TestImages.PixelAt(image.Full.Jpeg, 200, 500).Blue > 200);
    }

    [Fact]
    public void Transparency_is_flattened_onto_white()
    {
        var image = Processor().Process(TestImages.Encode(200, 100, transparent: true));

        var pixel = TestImages.PixelAt(image.Full.Jpeg, 100, 50);
        Assert.True(pixel is { Red: > 245, Green: > 245, Blue: > 245 }, pixel.ToString());
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_rejected_with_a_clear_error()
    {
        var error = Assert.Throws<ImageRejectedException>(() => Processor().Process("%PDF-1.7 this is a document"u8.ToArray()));

        Assert.Equal("The file is not an image. Send a photo (JPEG, PNG, WebP or GIF).", error.Message);
    }

    [Fact]
    public void A_truncated_photo_is_rejected_as_damaged()
    {
        var jpeg = TestImages.Encode(800, 600, SKEncodedImageFormat.Jpeg);

        var error = Assert.Throws<ImageRejectedException>(() => Processor().Process(jpeg[..(jpeg.Length / 2)]));

        Assert.Contains("may be damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_photo_over_the_size_limit_is_rejected_with_the_limit_in_the_message()
    {
        var png = TestImages.Encode(400, 400);

        var error = Assert.Throws<ImageRejectedException>(() => Processor(new ImageOptions { MaxBytes = png.Length - 1 }).Process(png));

        Assert.Matches(@"^The photo is \d+\.\d MB; the limit is \d+(\.\d)? MB\. Send a smaller one\.$", error.Message);
        Assert.Equal("The photo is 5.0 MB; the limit is 5 MB. Send a smaller one.", Processor().TooLarge(5 * 1024 * 1024 + 1).Message);
    }

    [Fact]
    public void A_small_file_claiming_a_huge_canvas_is_rejected_before_decoding()
    {
        var error = Assert.Throws<ImageRejectedException>(() => Processor(new ImageOptions { MaxPixels = 1_000_000 }).Process(TestImages.Encode(1001, 1000)));

        Assert.Equal("The image is 1001×1000 px; at most 1 megapixels are accepted.", error.Message);
    }
}
