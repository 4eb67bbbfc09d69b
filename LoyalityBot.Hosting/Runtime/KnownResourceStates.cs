namespace LoyalityBot.Hosting.Runtime;

/// <summary>Aspire's resource state names, shown by the dashboard and returned by /api/resources.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Restarting = "Restarting";
    public const string Finished = "Finished";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
}

public enum HealthStatus
{
    Unknown,
    Unhealthy,
    Healthy,
}
