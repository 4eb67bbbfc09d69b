namespace LoyalityBot.Coordination;

/// <summary>
/// "<see cref="Limit"/> actions per <see cref="Period"/>", enforced by GCRA: one action every Period/Limit on
/// average, with up to <see cref="Burst"/> at once. Unlike a fixed window it never lets 2×Limit through around
/// a window boundary, and it keeps one value per key.
/// </summary>
public sealed record RateLimitPolicy(string Name, int Limit, TimeSpan Period, int Burst)
{
    /// <summary>A policy whose burst is its whole limit.</summary>
#pragma warning disable IDE1006 // named like the record's properties, so callers can write Limit: and Period:
    public RateLimitPolicy(string Name, int Limit, TimeSpan Period)
        : this(Name, Limit, Period, Limit)
#pragma warning restore IDE1006
    {
    }

    /// <summary>The average spacing of actions (GCRA's emission interval T).</summary>
    public TimeSpan EmissionInterval => Period / Limit;

    /// <summary>How far ahead of now the theoretical arrival time may run (GCRA's tolerance τ = T × (Burst − 1)).</summary>
    public TimeSpan Tolerance => EmissionInterval * (Burst - 1);

    /// <summary>The limiter's resolution: Redis's clock in microseconds.</summary>
    public static readonly TimeSpan MinimumEmissionInterval = TimeSpan.FromMicroseconds(1);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Limit < 1 || Burst < 1 || Period <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Rate limit '{Name}' needs a name, Limit >= 1, Burst >= 1 and a positive Period.");
        }
        // The limiter counts in Redis's microseconds: a shorter spacing would round to zero and allow everything.
        if (EmissionInterval < MinimumEmissionInterval)
        {
            throw new ArgumentException(
                $"Rate limit '{Name}' allows {Limit} per {Period}: at most one action per microsecond is supported (Period / Limit >= 1 µs).");
        }
    }
}

/// <summary>The answer of a limiter: allowed or not, when to retry, and how many more fit right now.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter, int Remaining);
