namespace LoyalityBot.Workers.Jobs.Reactivation;

/// <summary>The <c>Reactivation</c> section (the original's defaults: 7 days minimum, coefficient 2.0, 14-day cooldown).</summary>
public sealed class ReactivationOptions
{
    public const string SectionName = "Reactivation";

    /// <summary>Never sooner than this many days after the last visit.</summary>
    public int MinDays { get; set; } = 7;

    /// <summary>A client is churned once the days since the last visit reach this multiple of their average interval.</summary>
    public decimal IntervalCoefficient { get; set; } = 2.0m;

    /// <summary>At most one offer per client and partner within this many days.</summary>
    public int CooldownDays { get; set; } = 14;

    /// <summary>Visits older than this are not read (a pair silent this long is not "churning", it is gone).</summary>
    public int LookbackDays { get; set; } = 365;

    internal string? Validate() =>
        MinDays < 1 || CooldownDays < 1 ? "Reactivation:MinDays and CooldownDays must be at least 1."
        : IntervalCoefficient <= 0 ? "Reactivation:IntervalCoefficient must be positive."
        : LookbackDays <= MinDays ? "Reactivation:LookbackDays must exceed MinDays."
        : null;
}
