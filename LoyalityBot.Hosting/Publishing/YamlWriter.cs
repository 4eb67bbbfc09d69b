using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>
/// Writes a JSON tree as block-style YAML, keeping key order, so that the same tree always gives the same bytes.
/// Strings that YAML could read as something else are double-quoted (JSON escapes are valid YAML);
/// multi-line strings (scripts, dashboards) become literal blocks.
/// </summary>
public static class YamlWriter
{
    public static string Write(IEnumerable<JsonNode> documents) =>
        string.Join("---\n", documents.Select(Write));

    public static string Write(JsonNode document)
    {
        var text = new StringBuilder();
        WriteValue(text, document, 0, inSequence: false);
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inSequence))
                    {
                        text.Append(' ', indent);
                    }
                    first = false;
                    text.Append(Scalar(key)).Append(':');
                    WriteChild(text, value, indent);
                }
                break;
            case JsonArray array when array.Count > 0:
                foreach (var item in array)
                {
                    text.Append(' ', indent).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteValue(text, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        text.Append(Inline(item, indent + 2)).Append('\n');
                    }
                }
                break;
            default:
                text.Append(Inline(node, indent)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                text.Append('\n');
                WriteValue(text, value, indent + 2, inSequence: false);
                break;
            case JsonArray { Count: > 0 }:
                text.Append('\n');
                WriteValue(text, value, indent, inSequence: false);
                break;
            default:
                text.Append(' ').Append(Inline(value, indent + 2)).Append('\n');
                break;
        }
    }

    private static string Inline(JsonNode? node, int indent) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => StringValue(value.GetValue<string>(), indent),
        _ => node.ToJsonString(),
    };

    private static string StringValue(string value, int indent)
    {
        if (value.Contains('\n', StringComparison.Ordinal) && IsBlockSafe(value))
        {
            var chomp = value.EndsWith('\n') ? "|" : "|-";
            var lines = value.TrimEnd('\n').Split('\n');
            var pad = new string(' ', indent);
            return chomp + "\n" + string.Join("\n", lines.Select(l => l.Length == 0 ? "" : pad + l));
        }
        return Scalar(value);
    }

    // A literal block keeps the text exactly when no line has trailing spaces or tabs and it starts without a space.
    private static bool IsBlockSafe(string value) =>
        !value.StartsWith(' ') && !value.Contains('\t', StringComparison.Ordinal) && !value.Contains('\r', StringComparison.Ordinal)
        && value.TrimEnd('\n').Split('\n').All(l => !l.EndsWith(' '));

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".nan", ".inf", "-.inf", "<<",
    };

    /// <summary>A plain scalar when it is unambiguous, else a JSON-escaped double-quoted one.</summary>
    private static string Scalar(string value)
    {
        var plain = !Reserved.Contains(value)
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
            && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '(' or ')' or '$' or '=' or '+' or '@' or ',' or ';' or ' ')
            && (char.IsAsciiLetterOrDigit(value[0]) || value[0] == '/') && !value.EndsWith(' ');
        return plain ? value : JsonSerializer.Serialize(value, JsonOptions.Escaping);
    }
}
