namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint of a resource (Aspire's EndpointAnnotation). <see cref="TargetPort"/> is what the
/// process listens on; <see cref="Port"/> is what others connect to (for replicated projects, the load balancer).
/// </summary>
public sealed class EndpointAnnotation(string name, string uriScheme, string transport, int? targetPort = null) : IResourceAnnotation
{
    public string Name { get; } = name;

    public string UriScheme { get; } = uriScheme;

    /// <summary>"http", "http2" or "tcp", as in the manifest's bindings.</summary>
    public string Transport { get; } = transport;

    /// <summary>The well-known port inside a container (5432, 6379...), used by publishers; null for projects.</summary>
    public int? TargetPort { get; } = targetPort;

    public bool IsExternal { get; set; }

    /// <summary>Where the endpoint is reachable in run mode, once the orchestrator has allocated it.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; set; }
}

public sealed record AllocatedEndpoint(string Host, int Port, string UriScheme)
{
    public string Url => $"{UriScheme}://{Host}:{Port}";
}
