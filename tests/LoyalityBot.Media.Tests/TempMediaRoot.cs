namespace LoyalityBot.Media.Tests;

/// <summary>A fresh store root per test, deleted afterwards, so tests run in parallel without sharing files.</summary>
internal sealed class TempMediaRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("media-tests-").FullName;

    public FileSystemMediaStore CreateStore(long maxStagedBytes = 20 * 1024 * 1024) =>
        new(new MediaStoreOptions { RootPath = Path, MaxStagedBytes = maxStagedBytes });

    public IEnumerable<string> TempFiles => Directory.EnumerateFiles(System.IO.Path.Combine(Path, "tmp"));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
