namespace LoyalityBot.Domain.Extensions;

/// <summary>Pool sizes for the data paths, bound to the <c>LoyaltyData</c> configuration section.</summary>
public sealed class LoyaltyDataOptions
{
    public const string SectionName = "LoyaltyData";

    /// <summary>Npgsql's Maximum Pool Size for the primary and for the replicas (per process, per data source).</summary>
    public int MaxPoolSize { get; set; } = 100;

    /// <summary>How many DbContext instances each of the two pools keeps for reuse.</summary>
    public int DbContextPoolSize { get; set; } = 256;
}
