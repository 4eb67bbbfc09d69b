using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>A project of the solution, by path relative to the AppHost project, with an <c>http</c> endpoint (Aspire's AddProject).</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this IDistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Project '{name}': {fullPath} does not exist.", fullPath);
        }
        return builder.AddResource(new ProjectResource(name, fullPath))
            .WithAnnotation(new EndpointAnnotation("http", "http", "http"));
    }

    /// <summary>Runs <paramref name="replicas"/> processes behind the project's load-balanced endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas) =>
        replicas >= 1
            ? builder.WithAnnotation(new ReplicaAnnotation(replicas))
            : throw new ArgumentOutOfRangeException(nameof(replicas), "At least one replica.");

    /// <summary>Marks the HTTP endpoints as reachable from outside (ingress in Kubernetes).</summary>
    public static IResourceBuilder<ProjectResource> WithExternalHttpEndpoints(this IResourceBuilder<ProjectResource> builder)
    {
        foreach (var endpoint in builder.Resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.UriScheme is "http" or "https"))
        {
            endpoint.IsExternal = true;
        }
        return builder;
    }
}
