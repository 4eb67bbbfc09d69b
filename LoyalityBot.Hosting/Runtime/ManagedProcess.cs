using System.Diagnostics;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// One child process: started in its own session (so a terminal's Ctrl+C reaches only the AppHost, which
/// then stops everything in order), its output captured line by line, registered with the watchdog.
/// </summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessSpec _spec;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, ProcessSpec spec)
    {
        _process = process;
        _spec = spec;
    }

    public int Pid => _process.Id;

    public DateTime StartedAt { get; } = DateTime.UtcNow;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(ProcessSpec spec, LogBuffer log, string source, ChildProcessWatchdog watchdog)
    {
        var start = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = spec.WorkingDirectory,
        };
        var arguments = new List<string>();
        if (spec.RunAsUser is { } user)
        {
            arguments.AddRange(["setpriv", $"--reuid={user}", $"--regid={user}", "--init-groups", "--"]);
        }
        arguments.Add(spec.FileName);
        arguments.AddRange(spec.Arguments);
        arguments.ForEach(start.ArgumentList.Add);
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, spec);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Write(source, e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Write(source, e.Data, isError: true); };
        process.Exited += (_, _) => managed._exited.TrySetResult(process.ExitCode);
        process.Start();
        watchdog.Register(process.Id);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Graceful stop with the spec's signal; the whole tree is killed if it does not end in time.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (HasExited)
        {
            return;
        }
        var tree = ProcessTree.Of(Pid);
        ProcessTree.Signal(_spec.SignalWholeTree ? tree : [Pid], _spec.StopSignal);
        if (await Task.WhenAny(Exited, Task.Delay(timeout)) != Exited)
        {
            Kill(tree);
            await Exited.WaitAsync(TimeSpan.FromSeconds(5));
        }
        // Children that outlived their parent (backends, epmd) go too.
        Kill(tree.Where(ProcessTree.IsAlive));
    }

    /// <summary>Immediate SIGKILL of the process and its descendants (a crash, for tests and restarts).</summary>
    public void Kill() => Kill(ProcessTree.Of(Pid));

    private static void Kill(IEnumerable<int> pids) => ProcessTree.Signal(pids, Native.SIGKILL);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
