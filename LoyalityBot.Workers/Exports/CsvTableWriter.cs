using System.Globalization;
using System.Text;

namespace LoyalityBot.Workers.Exports;

/// <summary>
/// RFC 4180 CSV, UTF-8 with a BOM (so spreadsheet apps read non-Latin names right), CRLF line ends. A field is
/// quoted when it holds a comma, a quote, a line break or edge spaces. Text that a spreadsheet would run as a
/// formula (=, +, -, @, tab, CR first) gets a leading apostrophe: names and messages come from users.
/// </summary>
public static class CsvTableWriter
{
    public static async Task<long> WriteAsync(Stream output, TabularExport table, Action<long>? progress, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true);
        await WriteLineAsync(writer, table.Columns.ToArray<object?>());
        long rows = 0;
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            await WriteLineAsync(writer, row);
            rows++;
            progress?.Invoke(rows);
        }
        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    private static async Task WriteLineAsync(StreamWriter writer, object?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                await writer.WriteAsync(',');
            }
            await writer.WriteAsync(Field(cells[i]));
        }
        await writer.WriteAsync("\r\n");
    }

    internal static string Field(object? cell) => cell switch
    {
        null => "",
        string text => Quote(Defuse(text)),
        DateTime time => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Defuse(cell.ToString() ?? "")),
    };

    private static string Defuse(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])))
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
}
