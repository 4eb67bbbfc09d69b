namespace LoyalityBot.Workers.Exports;

/// <summary>The <c>Exports</c> section.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Exports";

    /// <summary>Rows per keyset page read from the replica: one short query each, so no query runs for minutes.</summary>
    public int PageSize { get; set; } = 5000;

    /// <summary>The period of a partner's analytics, ending today (the original's CSV covered 90 days).</summary>
    public int PartnerAnalyticsDays { get; set; } = 90;

    /// <summary>How often (in rows) a running export logs its progress.</summary>
    public int ProgressEveryRows { get; set; } = 50_000;

    /// <summary>Where files are written before they are sent; empty: the system's temp directory.</summary>
    public string TempDirectory { get; set; } = "";

    /// <summary>
    /// The largest document sent as is: Telegram takes at most 50 MB from a bot. A larger export is sent zipped, and
    /// when even that is too large the recipient is told so.
    /// </summary>
    public long MaxDocumentBytes { get; set; } = 50L * 1000 * 1000;

    internal string? Validate() =>
        PageSize is < 1 or > 100_000 ? "Exports:PageSize must be 1 to 100000."
        : PartnerAnalyticsDays < 1 || ProgressEveryRows < 1 || MaxDocumentBytes < 1 ? "Exports:PartnerAnalyticsDays, ProgressEveryRows and MaxDocumentBytes must be positive."
        : null;
}
