using System.Globalization;
using LoyalityBot.Workers.Exports;

namespace LoyalityBot.Workers.Tests;

public sealed class TableWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime Noon = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    private static TabularExport Table() => new("Test", ["Id", "Name", "Amount", "At", "Day", "Active", "Note"], ExportFiles.Rows(
        [1L, "Plain", 12.5m, Noon, new DateOnly(2026, 11, 30), true, null],
        [2L, "Comma, and \"quotes\"", -3m, Noon, new DateOnly(2026, 1, 2), false, "two\r\nlines"],
        [3L, "=HYPERLINK(\"http://evil\")", 0m, Noon, new DateOnly(2026, 1, 2), false, " padded "],
        [4L, "@SUM(A1)", 1000000.01m, Noon, new DateOnly(2026, 1, 2), false, "-1+2"]));

    [Fact]
    public async Task Csv_quotes_what_needs_quoting_defuses_formulas_and_formats_invariantly()
    {
        using var output = new MemoryStream();
        var progress = new List<long>();
        var rows = await CsvTableWriter.WriteAsync(output, Table(), progress.Add, Ct);

        Assert.Equal(4, rows);
        Assert.Equal([1L, 2, 3, 4], progress);
        Assert.Equal(4, await CsvTableWriter.WriteAsync(new MemoryStream(), Table(), null, Ct));
        Assert.Equal(
        [
            "Id,Name,Amount,At,Day,Active,Note",
            "1,Plain,12.5,2026-11-30T12:00:00Z,2026-11-30,true,",
            "2,\"Comma, and \"\"quotes\"\"\",-3,2026-11-30T12:00:00Z,2026-01-02,false,\"two",
            "lines\"",
            "3,\"'=HYPERLINK(\"\"http://evil\"\")\",0,2026-11-30T12:00:00Z,2026-01-02,false,\" padded \"",
            "4,'@SUM(A1),1000000.01,2026-11-30T12:00:00Z,2026-01-02,false,'-1+2",
        ], ExportFiles.CsvLines(output.ToArray()));
    }

    [Fact]
    public async Task Xlsx_is_a_valid_package_with_typed_cells_a_bold_header_and_inline_text()
    {
        using var output = new MemoryStream();
        var progress = new List<long>();
        var rows = await XlsxTableWriter.WriteAsync(output, Table(), progress.Add, Ct);

        var cells = ExportFiles.XlsxCells(output.ToArray());
        Assert.Equal(4, rows);
        Assert.Equal([1L, 2, 3, 4], progress);
        Assert.Equal(("inlineStr", "3", "Id"), cells["A1"]);
        Assert.Equal(("inlineStr", "3", "Note"), cells["G1"]);
        Assert.Equal((null, null, "1"), cells["A2"]);
        Assert.Equal(("inlineStr", null, "Comma, and \"quotes\""), cells["B3"]);
        Assert.Equal((null, null, "12.5"), cells["C2"]);
        Assert.Equal((null, null, "1000000.01"), cells["C5"]);
        Assert.Equal((null, "1", Noon.ToOADate().ToString("R", CultureInfo.InvariantCulture)), cells["D2"]);
        Assert.Equal((null, "2", new DateTime(2026, 11, 30).ToOADate().ToString("R", CultureInfo.InvariantCulture)), cells["E2"]);
        Assert.Equal(("b", null, "1"), cells["F2"]);
        Assert.Equal(("inlineStr", null, "two\r\nlines"), cells["G3"]);
        Assert.Equal(("inlineStr", null, " padded "), cells["G4"]);
        Assert.False(cells.ContainsKey("G2")); // null: no cell
        // In a typed cell a formula-like text is just text: no defusing needed, none applied.
        Assert.Equal(("inlineStr", null, "=HYPERLINK(\"http://evil\")"), cells["B4"]);
    }

    [Fact]
    public async Task Xlsx_drops_characters_xml_cannot_carry_and_keeps_emoji()
    {
        using var output = new MemoryStream();
        await XlsxTableWriter.WriteAsync(output, new TabularExport("Bad / [name]: *?", ["Text"], ExportFiles.Rows(["a\u0001b\u0008c 😀 \ud800d"])), null, Ct);

        Assert.Equal("abc 😀 d", ExportFiles.XlsxCells(output.ToArray())["A2"].Value);
        Assert.Equal("Bad  name ", XlsxTableWriter.SheetName("Bad / [name]: *?"));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(51, "AZ")]
    [InlineData(52, "BA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Xlsx_column_names_follow_the_spreadsheet_alphabet(int index, string name) =>
        Assert.Equal(name, XlsxTableWriter.ColumnName(index));
}
