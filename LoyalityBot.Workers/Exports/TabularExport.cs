namespace LoyalityBot.Workers.Exports;

/// <summary>
/// A table to write as CSV or XLSX: its column names and its rows, produced lazily (keyset pages from a replica),
/// so neither writer ever holds more than one row. Cells are string, long, int, short, decimal, DateTime (UTC),
/// DateOnly, bool or null.
/// </summary>
public sealed record TabularExport(string Title, IReadOnlyList<string> Columns, IAsyncEnumerable<object?[]> Rows);
