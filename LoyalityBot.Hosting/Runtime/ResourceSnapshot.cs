namespace LoyalityBot.Hosting.Runtime;

/// <summary>One resource as the dashboard and <c>GET /api/resources</c> show it.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    string Health,
    int Replicas,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<ReplicaSnapshot> Instances,
    int Restarts,
    DateTime? StartedAt,
    double? UptimeSeconds);

public sealed record ReplicaSnapshot(
    string Name,
    int? Pid,
    string State,
    string Health,
    int Restarts,
    int? ExitCode,
    string? Endpoint,
    DateTime? StartedAt);
