namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// A configuration value or secret (Aspire's ParameterResource). Generated secrets, such as
/// <c>postgres-password</c>, are created on first run and kept in the state directory.
/// </summary>
public sealed class ParameterResource(string name, bool secret, GenerateParameterDefault? generate) : Resource(name), IValueProvider
{
    public bool Secret { get; } = secret;

    /// <summary>How a value is generated when none is configured; null means the value must be configured.</summary>
    public GenerateParameterDefault? Generate { get; } = generate;

    /// <summary>Set by the application in run mode, from configuration (<c>Parameters:{name}</c>) or the state directory.</summary>
    public string? Value { get; set; }

    public string ValueExpression => $"{{{Name}.value}}";

    public string? GetValue() => Value;
}

/// <summary>The generation rule written to the manifest as <c>inputs.value.default.generate</c>.</summary>
public sealed record GenerateParameterDefault(int MinLength = 22, bool Special = true);
