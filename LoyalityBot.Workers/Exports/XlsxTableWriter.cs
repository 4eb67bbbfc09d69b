using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace LoyalityBot.Workers.Exports;

/// <summary>
/// A one-sheet XLSX (SpreadsheetML in an OPC zip), written as a stream: the fixed parts first, then the sheet row by
/// row through an <see cref="XmlWriter"/> into its deflate entry. Text is written inline (<c>t="inlineStr"</c>) rather
/// than in a shared-strings table, which would have to hold every distinct string until the end.
/// </summary>
public static class XlsxTableWriter
{
    // Cell styles (cellXfs indexes in styles.xml).
    private const string DateTimeStyle = "1";
    private const string DateStyle = "2";
    private const string HeaderStyle = "3";

    /// <summary>Excel's limit for one cell's text.</summary>
    private const int MaxCellText = 32767;

    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static readonly XmlWriterSettings XmlSettings = new()
    {
        Async = true, Encoding = new UTF8Encoding(false), CloseOutput = false,
        NewLineHandling = NewLineHandling.Entitize, // a CR in a cell survives (parsers fold raw CRLF to LF)
    };

    public static async Task<long> WriteAsync(Stream output, TabularExport table, Action<long>? progress, CancellationToken cancellationToken)
    {
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        await WritePartAsync(zip, "[Content_Types].xml", ContentTypes, cancellationToken);
        await WritePartAsync(zip, "_rels/.rels", PackageRelationships, cancellationToken);
        await WritePartAsync(zip, "xl/workbook.xml", Workbook(table.Title), cancellationToken);
        await WritePartAsync(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships, cancellationToken);
        await WritePartAsync(zip, "xl/styles.xml", Styles, cancellationToken);

        await using var sheet = await zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).OpenAsync(cancellationToken);
        await using var xml = XmlWriter.Create(sheet, XmlSettings);
        await xml.WriteStartDocumentAsync(standalone: true);
        await xml.WriteStartElementAsync(null, "worksheet", MainNamespace);
        await xml.WriteStartElementAsync(null, "sheetData", MainNamespace);
        await WriteRowAsync(xml, 1, table.Columns.ToArray<object?>(), HeaderStyle);
        long rows = 0;
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            await WriteRowAsync(xml, ++rows + 1, row, null);
            progress?.Invoke(rows);
        }
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return rows;
    }

    private static async Task WriteRowAsync(XmlWriter xml, long number, object?[] cells, string? style)
    {
        var rowNumber = number.ToString(CultureInfo.InvariantCulture);
        await xml.WriteStartElementAsync(null, "row", MainNamespace);
        await xml.WriteAttributeStringAsync(null, "r", null, rowNumber);
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is null)
            {
                continue;
            }
            await xml.WriteStartElementAsync(null, "c", MainNamespace);
            await xml.WriteAttributeStringAsync(null, "r", null, ColumnName(i) + rowNumber);
            await WriteCellAsync(xml, cells[i]!, style);
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
    }

    private static async Task WriteCellAsync(XmlWriter xml, object cell, string? style)
    {
        switch (cell)
        {
            case DateTime time:
                await xml.WriteAttributeStringAsync(null, "s", null, style ?? DateTimeStyle);
                await WriteValueAsync(xml, time.ToUniversalTime().ToOADate().ToString("R", CultureInfo.InvariantCulture));
                break;
            case DateOnly day:
                await xml.WriteAttributeStringAsync(null, "s", null, style ?? DateStyle);
                await WriteValueAsync(xml, day.ToDateTime(TimeOnly.MinValue).ToOADate().ToString("R", CultureInfo.InvariantCulture));
                break;
            case bool flag:
                await xml.WriteAttributeStringAsync(null, "t", null, "b");
                await WriteValueAsync(xml, flag ? "1" : "0");
                break;
            case long or int or short or decimal or double:
                if (style is not null)
                {
                    await xml.WriteAttributeStringAsync(null, "s", null, style);
                }
                await WriteValueAsync(xml, ((IFormattable)cell).ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
                if (style is not null)
                {
                    await xml.WriteAttributeStringAsync(null, "s", null, style);
                }
                await xml.WriteStartElementAsync(null, "is", MainNamespace);
                await xml.WriteStartElementAsync(null, "t", MainNamespace);
                await xml.WriteAttributeStringAsync("xml", "space", null, "preserve");
                await xml.WriteStringAsync(XmlText(cell.ToString() ?? ""));
                await xml.WriteEndElementAsync();
                await xml.WriteEndElementAsync();
                break;
        }
    }

    private static async Task WriteValueAsync(XmlWriter xml, string value)
    {
        await xml.WriteStartElementAsync(null, "v", MainNamespace);
        await xml.WriteStringAsync(value);
        await xml.WriteEndElementAsync();
    }

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, lone surrogates) and cuts at Excel's limit.</summary>
    internal static string XmlText(string text)
    {
        if (text.Length > MaxCellText)
        {
            text = text[..MaxCellText];
        }
        var invalid = false;
        for (var i = 0; i < text.Length && !invalid; i++)
        {
            invalid = !IsXmlChar(text, i, out var width);
            i += width - 1;
        }
        if (!invalid)
        {
            return text;
        }
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsXmlChar(text, i, out var width))
            {
                clean.Append(text, i, width);
            }
            i += width - 1;
        }
        return clean.ToString();
    }

    private static bool IsXmlChar(string text, int index, out int width)
    {
        if (char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            width = 2;
            return true;
        }
        width = 1;
        return XmlConvert.IsXmlChar(text[index]);
    }

    /// <summary>A, B, …, Z, AA, AB, … for a zero-based column index.</summary>
    internal static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }
        return name;
    }

    private static async Task WritePartAsync(ZipArchive zip, string name, string content, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Fastest).OpenAsync(cancellationToken);
        await entry.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }

    private static string Workbook(string sheetName) => $"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="{MainNamespace}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{SheetName(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>
        """;

    /// <summary>Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], escaped for the attribute.</summary>
    internal static string SheetName(string title)
    {
        var name = new string([.. title.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']'))]);
        name = XmlText(name.Length > 31 ? name[..31] : name);
        return System.Security.SecurityElement.Escape(name.Length == 0 ? "Sheet1" : name);
    }

    private const string ContentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """;

    private const string PackageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """;

    private const string WorkbookRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """;

    // 0 default, 1 date-time, 2 date, 3 bold (the header row).
    private const string Styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>
        """;
}
