namespace LoyalityBot.Workers.Images;

/// <summary>One JPEG rendition and its pixel size.</summary>
public sealed record EncodedImage(byte[] Jpeg, int Width, int Height)
{
    public Stream OpenRead() => new MemoryStream(Jpeg, writable: false);
}

/// <summary>The two stored variants of an upload and their name: the SHA-256 of the full variant.</summary>
public sealed record ProcessedImage(string Hash, EncodedImage Full, EncodedImage Thumb);
