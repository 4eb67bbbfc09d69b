namespace LoyalityBot.Media;

/// <summary>An upload went over the store's limit; nothing was kept.</summary>
public sealed class MediaTooLargeException(long limitBytes)
    : Exception($"The upload is larger than {limitBytes} bytes.")
{
    public long LimitBytes { get; } = limitBytes;
}
