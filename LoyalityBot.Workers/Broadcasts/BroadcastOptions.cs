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
    /// Sends in flight at once for one broadcast. It is exactly the bound on duplicates a crash can cause: a message
    /// whose call was under way when the worker died may or may not have reached Telegram, and Telegram cannot be
    /// asked, so such a recipient is sent again. With the default 1, a crash causes at most ONE duplicate, at the
    /// recipient being sent at that moment. The price: one lane's rate is bound by its round trips (per send, one
    /// database round trip, the previous outcome and the next claim in one statement, overlapped with the Redis
    /// limits, then the Telegram call). Against real Telegram (a round trip of 50–150 ms) one lane sends roughly
    /// 7–20 msg/s, under the 30 msg/s bot limit; raise this (e.g. 4) to use the whole limit, accepting up to that
    /// many duplicates per crash.
    /// </summary>
    public int MaxConcurrentSends { get; set; } = 1;

    /// <summary>
    /// Tries per recipient for transient failures (network, timeout, 5xx): a failed try puts the recipient back to
    /// Pending, to be retried after <see cref="RetryBackoff"/> (doubling) while the others go on; after the last it is
    /// Failed. A permanent refusal (400 chat not found) is Failed at once, a 403 (blocked) Skipped at once.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before a recipient's second try; it doubles per try.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

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
        : MaxAttempts is < 1 or > 20 || RetryBackoff <= TimeSpan.Zero ? "Broadcasts:MaxAttempts must be 1–20 and RetryBackoff positive."
        : null;
}
