using LoyalityBot.Workers.Exports;

namespace LoyalityBot.Workers.Tests;

[CollectionDefinition(nameof(ExportMemoryTests), DisableParallelization = true)]
public sealed class ExportMemoryCollection;

/// <summary>
/// 100,000 rows of about 1 KB each (100 MB of text) through each writer to a file. Halfway, after a full
/// collection, the heap must have grown by far less than the rows written so far: nothing keeps them. Run alone,
/// so other tests' allocations do not count.
/// </summary>
[Collection(nameof(ExportMemoryTests))]
public sealed class ExportMemoryTests
{
    private const int RowCount = 100_000;
    private const long MaxGrowth = 16 * 1024 * 1024;

    public static TheoryData<string> Formats => ["csv", "xlsx"];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_100k_row_export_streams_with_bounded_memory(string format)
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"export-memory-{Guid.NewGuid():N}.{format}");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long midway = 0;
        void Progress(long rows)
        {
            if (rows == RowCount / 2)
            {
                midway = GC.GetTotalMemory(forceFullCollection: true);
            }
        }
        var table = new TabularExport("Big", ["Id", "Text", "Amount"], BigRows());
        try
        {
            long rows;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, useAsync: true))
            {
                rows = format == "csv"
                    ? await CsvTableWriter.WriteAsync(file, table, Progress, ct)
                    : await XlsxTableWriter.WriteAsync(file, table, Progress, ct);
            }

            Assert.Equal(RowCount, rows);
            Assert.InRange(midway - baseline, long.MinValue, MaxGrowth);
            Assert.True(new FileInfo(path).Length > (format == "csv" ? 100_000_000 : 1_000_000), "the rows were written");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async IAsyncEnumerable<object?[]> BigRows()
    {
        for (long i = 1; i <= RowCount; i++)
        {
            if (i % 1000 == 0)
            {
                await Task.Yield();
            }
            // Distinct text per row, so nothing could be shared.
            yield return [i, new string((char)('a' + (i % 26)), 1000) + i, i * 1.25m];
        }
    }
}
