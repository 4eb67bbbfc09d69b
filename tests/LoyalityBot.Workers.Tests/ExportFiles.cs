using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace LoyalityBot.Workers.Tests;

/// <summary>Reads exports back the way a spreadsheet app would, to check what the writers produced.</summary>
internal static class ExportFiles
{
    public static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static async IAsyncEnumerable<object?[]> Rows(params object?[][] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    /// <summary>CSV lines (CRLF-separated) after the UTF-8 BOM, which must be there.</summary>
    public static string[] CsvLines(byte[] csv)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csv[..3]);
        var text = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return text[..^2].Split("\r\n");
    }

    /// <summary>
    /// Opens an XLSX as a zip, checks its package parts parse as XML and point at each other, and returns the sheet's
    /// cells as text by reference ("A1" → "Id"); values keep their raw form, styles come as "s".
    /// </summary>
    public static Dictionary<string, (string? Type, string? Style, string Value)> XlsxCells(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx), ZipArchiveMode.Read);
        XDocument Part(string name)
        {
            var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{name} is missing");
            using var stream = entry.Open();
            return XDocument.Load(stream);
        }
        var types = Part("[Content_Types].xml");
        Assert.Contains(types.Root!.Elements(), e => (string?)e.Attribute("PartName") == "/xl/worksheets/sheet1.xml");
        Assert.Equal("xl/workbook.xml", (string?)Part("_rels/.rels").Root!.Elements().Single().Attribute("Target"));
        Assert.Single(Part("xl/workbook.xml").Descendants(Main + "sheet"));
        Assert.Contains(Part("xl/_rels/workbook.xml.rels").Root!.Elements(), e => (string?)e.Attribute("Target") == "worksheets/sheet1.xml");
        Assert.Equal(4, Part("xl/styles.xml").Descendants(Main + "cellXfs").Single().Elements().Count());
        return Part("xl/worksheets/sheet1.xml").Descendants(Main + "c").ToDictionary(
            c => (string)c.Attribute("r")!,
            c => ((string?)c.Attribute("t"), (string?)c.Attribute("s"), (string?)c.Element(Main + "v") ?? c.Descendants(Main + "t").Single().Value));
    }
}
