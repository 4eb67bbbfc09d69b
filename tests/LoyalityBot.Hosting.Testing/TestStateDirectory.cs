namespace LoyalityBot.Hosting.Testing;

/// <summary>Fresh state directories for tests, under one temp folder per test process, removed when it exits.</summary>
public static class TestStateDirectory
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"loyalitybot-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(root);
        return root;
    });

    public static string Create(string name) =>
        Directory.CreateDirectory(Path.Combine(Root.Value, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)])).FullName;

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // a server may still be writing as it stops; the OS cleans /tmp
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
