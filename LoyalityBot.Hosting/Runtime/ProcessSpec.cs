namespace LoyalityBot.Hosting.Runtime;

/// <summary>How to start and stop one server or project process.</summary>
internal sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Run as this system user (Postgres refuses root); null keeps the current user.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The graceful-stop signal: SIGTERM for most, SIGINT (fast shutdown) for Postgres.</summary>
    public int StopSignal { get; init; } = Native.SIGTERM;

    /// <summary>Signal every process of the tree, for launchers that do not forward signals (RabbitMQ's su chain).</summary>
    public bool SignalWholeTree { get; init; }
}
