namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// <c>--publisher kubernetes</c>: a kustomize tree (<c>base/</c> + <c>overlays/{region}/</c>) for one cluster
/// or namespace per region, with what aspirate leaves out: replicas from the app model, autoscaling,
/// disruption budgets, probes, limits, network policies, a migration Job and monitoring. The same app model
/// always gives byte-identical files.
/// </summary>
public sealed class KubernetesPublisher : IPublisher
{
    public string Name => "kubernetes";

    public async Task PublishAsync(PublishingContext context, CancellationToken cancellationToken)
    {
        var settings = DeploymentSettings.Read(context.Configuration);
        if (settings.Regions.Count == 0)
        {
            throw new InvalidOperationException("No deployment regions: declare them with builder.AddDeploymentRegion(...) in the AppHost.");
        }
        var layout = new KustomizeLayout(new KubernetesModel(context.Resources), settings);
        // Only the publisher's own files are written: an operator's secret files next to them stay as they are.
        foreach (var (path, text) in layout.Files())
        {
            await ModelQueries.WriteFileAsync(Path.Combine(context.OutputPath, path), text, cancellationToken);
        }
    }
}
