namespace LoyalityBot.Domain.Payments;

/// <summary>A read token, or the user-facing reason it was refused.</summary>
public sealed record PaymentTokenReadResult(PaymentToken? Token, string? Error)
{
    public static PaymentTokenReadResult Valid(PaymentToken token) => new(token, null);

    public static PaymentTokenReadResult Invalid(string error) => new(null, error);
}
