namespace LoyalityBot.Hosting.ApplicationModel;

public enum WaitType
{
    /// <summary>Start once the dependency is running and healthy.</summary>
    WaitUntilHealthy,

    /// <summary>Start once the dependency has run to completion with exit code 0 (a migrator).</summary>
    WaitForCompletion,
}

/// <summary>The resource starts only after <see cref="Resource"/> is ready (Aspire's WaitAnnotation).</summary>
public sealed record WaitAnnotation(IResource Resource, WaitType WaitType) : IResourceAnnotation;

/// <summary>How many processes run behind the resource's endpoints (Aspire's ReplicaAnnotation).</summary>
public sealed record ReplicaAnnotation(int Replicas) : IResourceAnnotation;

/// <summary>An HTTP readiness probe of an endpoint (Aspire's WithHttpHealthCheck).</summary>
public sealed record HttpHealthCheckAnnotation(string Path, string EndpointName) : IResourceAnnotation;

/// <summary>A resource that this one references (for environment injection and the manifest).</summary>
public sealed record ResourceReferenceAnnotation(IResource Resource) : IResourceAnnotation;

/// <summary>Environment variables added to a resource; values are literals or <see cref="IValueProvider"/>s.</summary>
public sealed class EnvironmentCallbackAnnotation(Action<EnvironmentCallbackContext> callback) : IResourceAnnotation
{
    public Action<EnvironmentCallbackContext> Callback { get; } = callback;
}

public sealed class EnvironmentCallbackContext(DistributedApplicationExecutionContext executionContext)
{
    public DistributedApplicationExecutionContext ExecutionContext { get; } = executionContext;

    /// <summary>Each value is a <see cref="string"/> or an <see cref="IValueProvider"/>.</summary>
    public Dictionary<string, object> EnvironmentVariables { get; } = new(StringComparer.Ordinal);
}
