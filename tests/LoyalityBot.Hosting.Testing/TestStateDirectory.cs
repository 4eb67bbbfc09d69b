namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Fresh state directories for tests, under one temp folder per test process. When the process exits, the
/// applications still running on them are stopped first, then the folder is removed.
/// </summary>
public static class TestStateDirectory
{
    private static readonly List<DistributedApplication> Running = [];

    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), $"loyalitybot-tests-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            DistributedApplication[] running;
            lock (Running)
            {
                running = [.. Running];
            }
            Task.WaitAll([.. running.Select(app => app.StopAsync())]);
            TryDelete(root);
        };
        return root;
    });

    /// <summary>Stops <paramref name="app"/> when the test process exits, before its state directory is removed.</summary>
    public static void StopOnExit(DistributedApplication app)
    {
        lock (Running)
        {
            Running.Add(app);
        }
    }

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
