using System.Globalization;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// Walks /proc to find every descendant of a process. Launchers such as Debian's rabbitmq-server go
/// through <c>su</c>, which starts a new session, so signalling a process group is not enough.
/// </summary>
internal static class ProcessTree
{
    /// <summary>The process and all its descendants, parents before children.</summary>
    public static List<int> Of(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var (pid, parent) in ReadParents())
        {
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(pid);
        }

        var result = new List<int> { rootPid };
        for (var i = 0; i < result.Count; i++)
        {
            if (children.TryGetValue(result[i], out var list))
            {
                result.AddRange(list);
            }
        }
        return result;
    }

    public static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids)
        {
            Native.Signal(pid, signal);
        }
    }

    /// <summary>CPU time (user and system) the process and its living descendants have used so far.</summary>
    public static TimeSpan CpuTime(int rootPid) =>
        Of(rootPid).Aggregate(TimeSpan.Zero, (total, pid) => total + ProcessCpuTime(pid));

    private static TimeSpan ProcessCpuTime(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return TimeSpan.Zero; // it exited while we looked
        }
    }

    public static bool IsAlive(int pid) =>
        ReadStat(pid) is { } stat && stat.State != 'Z';

    private static IEnumerable<(int Pid, int Parent)> ReadParents()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat)
            {
                yield return (pid, stat.Parent);
            }
        }
    }

    private static (char State, int Parent)? ReadStat(int pid)
    {
        try
        {
            // Format: "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so split after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // the process exited while we looked
        }
    }
}
