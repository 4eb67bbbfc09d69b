using LoyalityBot.Domain.Cards;

namespace LoyalityBot.Domain.Tests.Cards;

public sealed class QrCodePngTests
{
    [Fact]
    public void A_deep_link_renders_as_a_png_that_grows_with_the_module_size()
    {
        var link = DeepLink.Create("@loyality_partner_bot", "client_AB12CD");

        var small = QrCodePng.Render(link, pixelsPerModule: 4);
        var large = QrCodePng.Render(link, pixelsPerModule: 10);

        Assert.Equal("https://t.me/loyality_partner_bot?start=client_AB12CD", link);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], small[..4]);
        Assert.True(Width(large) == Width(small) / 4 * 10, $"{Width(small)} → {Width(large)}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("ünicode")]
    public void A_payload_telegram_would_refuse_is_a_programming_error(string payload) =>
        Assert.Throws<ArgumentException>(() => DeepLink.Create("bot", payload));

    [Fact]
    public void A_payload_longer_than_64_characters_is_refused() =>
        Assert.False(DeepLink.IsValidPayload(new string('a', 65)));

    // The PNG IHDR chunk holds the width big-endian at byte 16.
    private static int Width(byte[] png) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
}
