namespace LoyalityBot.Domain.Payments;

/// <summary>The <c>Payments</c> section: the key payment tokens are signed with and how long they live.</summary>
public sealed class PaymentTokenOptions
{
    public const string SectionName = "Payments";

    /// <summary>At least 32 characters; the same on every bot and API replica (the AppHost generates one).</summary>
    public string SigningKey { get; set; } = "";

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    public string? Validate() =>
        SigningKey.Length < 32 ? "Payments:SigningKey must be at least 32 characters."
        : Lifetime <= TimeSpan.Zero || Lifetime > TimeSpan.FromDays(1) ? "Payments:Lifetime must be between 0 and 1 day."
        : null;
}
