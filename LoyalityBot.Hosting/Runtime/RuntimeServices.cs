namespace LoyalityBot.Hosting.Runtime;

/// <summary>What every runner needs from the orchestrator.</summary>
internal sealed class RuntimeServices(StateDirectory state, ServerBinaries binaries, ChildProcessWatchdog watchdog, string buildConfiguration, ProjectRunSettings projectSettings)
{
    public StateDirectory State { get; } = state;

    public ServerBinaries Binaries { get; } = binaries;

    public ChildProcessWatchdog Watchdog { get; } = watchdog;

    /// <summary>Debug or Release: which build output the projects start from (the AppHost's own).</summary>
    public string BuildConfiguration { get; } = buildConfiguration;

    public ProjectRunSettings ProjectSettings { get; } = projectSettings;

    public static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>Makes a directory belong to the system user a server runs as (root only: others run as themselves).</summary>
    public static async Task ChownAsync(string path, string user)
    {
        if (!Native.IsRoot)
        {
            return;
        }
        using var chown = System.Diagnostics.Process.Start("chown", ["-R", $"{user}:{user}", path]);
        await chown.WaitForExitAsync();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R {user} {path} failed with exit code {chown.ExitCode}");
        }
    }
}
