using LoyalityBot.Hosting.Publishing;

namespace LoyalityBot.Hosting;

public static class PublishingBuilderExtensions
{
    /// <summary>Declares a deployment region: the Kubernetes publisher writes <c>overlays/{name}/</c> for it.</summary>
    public static IDistributedApplicationBuilder AddDeploymentRegion(this IDistributedApplicationBuilder builder, DeploymentRegion region)
    {
        DeploymentSettings.Declare(builder.Configuration, region);
        return builder;
    }

    /// <summary>
    /// Routes the public path prefix <paramref name="path"/> of every region's host to <paramref name="project"/>
    /// (an Ingress rule); the project needs an external http endpoint.
    /// </summary>
    public static IDistributedApplicationBuilder AddIngressRoute(this IDistributedApplicationBuilder builder, string path, string project)
    {
        DeploymentSettings.Declare(builder.Configuration, new IngressRoute(path, project));
        return builder;
    }
}
