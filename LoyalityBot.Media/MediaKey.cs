namespace LoyalityBot.Media;

/// <summary>
/// The address of a stored image: the SHA-256 (64 lowercase hex digits) of its full variant, and the variant.
/// Construction validates the hash, so a key is always safe to turn into a path or an object name.
/// </summary>
public readonly record struct MediaKey
{
    public MediaKey(string hash, MediaVariant variant)
    {
        if (!IsValidHash(hash))
        {
            throw new ArgumentException("A media hash is 64 lowercase hexadecimal digits (SHA-256).", nameof(hash));
        }
        Hash = hash;
        Variant = variant;
    }

    public string Hash { get; }

    public MediaVariant Variant { get; }

    /// <summary>The object name, e.g. <c>ab/ab12…ef.full.jpg</c>: a two-character prefix keeps directories small.</summary>
    public string ObjectName => $"{Hash[..2]}/{Hash}.{Variant.Name()}.jpg";

    public static bool IsValidHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public override string ToString() => ObjectName;
}
