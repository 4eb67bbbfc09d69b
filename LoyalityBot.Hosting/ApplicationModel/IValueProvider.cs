namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// A value known at run time (a generated password, an allocated port) that also has a manifest
/// placeholder such as <c>{postgres-password.value}</c> (Aspire's IValueProvider + IManifestExpressionProvider).
/// </summary>
public interface IValueProvider
{
    /// <summary>The manifest placeholder for this value.</summary>
    string ValueExpression { get; }

    /// <summary>The value in run mode; it may need the orchestrator to have allocated or generated it.</summary>
    string? GetValue();
}
