using System.Text.RegularExpressions;

namespace LoyalityBot.Hosting.ApplicationModel;

internal static partial class ResourceNames
{
    /// <summary>Aspire's rule: ASCII letters, digits and hyphens, starting with a letter, no double or trailing hyphen.</summary>
    public static string Validate(string name) =>
        ValidName().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
            ? name
            : throw new ArgumentException(
                $"Resource name '{name}' is invalid: use letters, digits and single hyphens, starting with a letter (at most 64 characters).",
                nameof(name));

    /// <summary>The environment-variable form of a name: upper case, '-' becomes '_'.</summary>
    public static string ToEnvironmentName(string name) => name.ToUpperInvariant().Replace('-', '_');

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$")]
    private static partial Regex ValidName();
}
