namespace LoyalityBot.Media;

/// <summary>Rules for the keys of staged uploads (raw bytes waiting for the workers).</summary>
public static class StagingKey
{
    public const int MaxLength = 128;

    /// <summary>A new random key, for the side that stages an upload.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// 1 to 128 characters of ASCII letters, digits, '-' and '_': no separators or dots, so a key can never
    /// escape the staging area, whatever store holds it.
    /// </summary>
    public static bool IsValid(string? key) =>
        key is { Length: > 0 and <= MaxLength } && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    internal static void Validate(string key)
    {
        if (!IsValid(key))
        {
            throw new ArgumentException(
                $"A staging key is 1 to {MaxLength} ASCII letters, digits, '-' or '_'.", nameof(key));
        }
    }
}
