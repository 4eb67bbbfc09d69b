namespace LoyalityBot.Media;

/// <summary>The <c>Media</c> configuration section.</summary>
public sealed class MediaStoreOptions
{
    public const string SectionName = "Media";

    /// <summary>The filesystem store's root directory (shared by every API and worker replica on a host or volume).</summary>
    public string RootPath { get; set; } = "";

    /// <summary>
    /// The most a staged upload may hold. Above the workers' 5 MB image limit on purpose: a slightly larger upload
    /// still reaches the workers, which tell the partner why it was refused; this bound only protects the disk.
    /// </summary>
    public long MaxStagedBytes { get; set; } = 20 * 1024 * 1024;
}
