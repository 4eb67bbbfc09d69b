using System.Diagnostics;
using System.Globalization;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// Guarantees that no child outlives the AppHost, even after SIGKILL. A small shell process, in its own
/// session, polls the AppHost's pid; when the AppHost is gone it kills the process tree of every child
/// recorded in the pid file. On a normal stop the AppHost stops its children itself and ends the watchdog.
/// </summary>
internal sealed class ChildProcessWatchdog : IDisposable
{
    private const string Script = """
        trap '' TERM INT HUP # a stray pkill or a closed terminal must not end the guard; only the AppHost's SIGKILL does
        apphost=$1; pidfile=$2
        alive() { [ -e /proc/$1 ] && ! grep -q '^[0-9]* (.*) Z' /proc/$1/stat 2>/dev/null; }
        tree() { echo "$1"; for c in $(pgrep -P "$1"); do tree "$c"; done; }
        while alive "$apphost"; do sleep 0.3; done
        [ -f "$pidfile" ] || exit 0
        for pid in $(cat "$pidfile"); do
          for p in $(tree "$pid"); do kill -KILL "$p" 2>/dev/null; done
        done
        rm -f "$pidfile"
        """;

    private readonly string _pidFile;
    private readonly Process _watchdog;
    private readonly Lock _gate = new();

    public ChildProcessWatchdog(string runDirectory)
        : this(runDirectory, Environment.ProcessId)
    {
    }

    /// <summary>Guards the children of <paramref name="guardedPid"/> (the AppHost itself, or a stand-in in tests).</summary>
    internal ChildProcessWatchdog(string runDirectory, int guardedPid)
    {
        Directory.CreateDirectory(runDirectory);
        _pidFile = Path.Combine(runDirectory, $"children-{guardedPid}.pids");
        File.WriteAllText(_pidFile, "");
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // not inherited from a terminal, so Ctrl+C never reaches it
        };
        foreach (var arg in new[] { "bash", "-c", Script, "watchdog", guardedPid.ToString(CultureInfo.InvariantCulture), _pidFile })
        {
            start.ArgumentList.Add(arg);
        }
        _watchdog = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child-process watchdog.");
    }

    /// <summary>The watchdog's own process id.</summary>
    internal int Pid => _watchdog.Id;

    public void Register(int pid)
    {
        lock (_gate)
        {
            File.AppendAllText(_pidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        }
    }

    public void Dispose()
    {
        // A normal stop: the children are already stopped, so the watchdog has nothing left to do.
        if (!_watchdog.HasExited)
        {
            _watchdog.Kill(entireProcessTree: true);
        }
        _watchdog.Dispose();
        if (File.Exists(_pidFile))
        {
            File.Delete(_pidFile);
        }
    }
}
