namespace LoyalityBot.Workers.Broadcasts;

/// <summary>The <c>Broadcasts</c> section: which bots carry broadcasts, how many sends run at once, the lease.</summary>
public sealed class BroadcastOptions
{
    public const string SectionName = "Broadcasts";

    /// <summary>Broadcasts to clients (a partner's, an admin's) go through the client bot.</summary>
    public string ClientBot { get; set; } = "client";

    /// <summary>An admin's broadcasts to partners go through the partner bot.</summary>
    public string PartnerBot { get; set; } = "partner";

    /// <summary>
    /// Sends in flight at once for one broadcast (each: mark Sending, call Telegram, mark the outcome). It bounds the
    /// duplicates a crash can cause: at most this many recipients are in doubt when a worker dies. The gateway's
    /// limiter, not this, sets the rate; it only has to cover Telegram's round trip (8 × 1/0.1 s ≫ 30 msg/s).
    /// </summary>
    public int MaxConcurrentSends { get; set; } = 8;

    /// <summary>Recipients read per keyset page.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// The Redis lease that lets one replica at a time send a broadcast, renewed every third of it. A worker that dies
    /// holds it until it expires; then a redelivered event resumes the broadcast elsewhere.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often progress is recounted into broadcast_campaigns, the metrics and the log.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    internal string? Validate() =>
        string.IsNullOrWhiteSpace(ClientBot) || string.IsNullOrWhiteSpace(PartnerBot) ? "Broadcasts:ClientBot and PartnerBot must name bots."
        : MaxConcurrentSends is < 1 or > 256 || PageSize is < 1 or > 10_000 ? "Broadcasts:MaxConcurrentSends must be 1–256 and PageSize 1–10,000."
        : LeaseTtl < TimeSpan.FromSeconds(1) || ProgressInterval <= TimeSpan.Zero ? "Broadcasts:LeaseTtl must be at least 1 s and ProgressInterval positive."
        : null;
}
