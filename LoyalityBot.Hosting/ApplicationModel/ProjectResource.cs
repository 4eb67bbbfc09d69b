namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>A .NET project of this solution run from its build output (Aspire's ProjectResource).</summary>
public sealed class ProjectResource(string name, string projectPath)
    : Resource(name), IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithWaitSupport
{
    /// <summary>Absolute path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    public int Replicas => Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;

    public EndpointReference GetEndpoint(string name) => new(this, name);
}
