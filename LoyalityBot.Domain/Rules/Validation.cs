namespace LoyalityBot.Domain.Rules;

/// <summary>Collects per-field errors for a 400 validation problem (RFC 7807 <c>errors</c> member).</summary>
public sealed class Validation
{
    private readonly Dictionary<string, string[]> errors = [];

    public bool IsValid => errors.Count == 0;

    public IDictionary<string, string[]> Errors => errors;

    public Validation Require(bool condition, string field, string message)
    {
        if (!condition && !errors.ContainsKey(field))
        {
            errors[field] = [message];
        }
        return this;
    }

    public Validation Text(string? value, string field, int maxLength, bool required = true) =>
        Require(!required || !string.IsNullOrWhiteSpace(value), field, $"{field} is required.")
            .Require(value is null || value.Length <= maxLength, field, $"{field} must be at most {maxLength} characters.");
}
