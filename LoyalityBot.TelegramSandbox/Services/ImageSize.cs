using System.Buffers.Binary;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>Reads the pixel size from a PNG, JPEG or GIF header; Telegram refuses a "photo" that is not an image.</summary>
public static class ImageSize
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool TryRead(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (data.Length >= 24 && data.StartsWith(PngSignature))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(data[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(data[20..]);
        }
        else if (data.Length >= 10 && (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)))
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        }
        else if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            (width, height) = ReadJpegFrame(data);
        }
        return width > 0 && height > 0;
    }

    // Walks the JPEG segments up to the first start-of-frame marker, which holds the size.
    private static (int Width, int Height) ReadJpegFrame(ReadOnlySpan<byte> data)
    {
        var position = 2;
        while (position + 9 < data.Length)
        {
            if (data[position] != 0xFF)
            {
                return (0, 0);
            }
            var marker = data[position + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(data[(position + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(position + 5)..]));
            }
            position += 2 + length;
        }
        return (0, 0);
    }
}
