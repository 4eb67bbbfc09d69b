using QRCoder;

namespace LoyalityBot.Domain.Cards;

/// <summary>
/// Renders a QR code as PNG bytes (QRCoder's dependency-free PNG writer). The bots' client card and payment codes
/// and the API's card endpoint share it, so a partner's phone camera reads the same code everywhere.
/// </summary>
public static class QrCodePng
{
    public static byte[] Render(string content, int pixelsPerModule = 10)
    {
        ArgumentException.ThrowIfNullOrEmpty(content);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }
}
