using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoyalityBot.Hosting.Publishing;

internal static class JsonOptions
{
    /// <summary>Readable strings (<c>&amp;</c>, <c>+</c> and non-ASCII stay as they are); output always uses '\n'.</summary>
    public static readonly JsonSerializerOptions Escaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Indented = new() { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
