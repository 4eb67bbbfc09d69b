namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// The environment a resource receives from its references and <c>WithEnvironment</c> calls, with Aspire's
/// names: <c>ConnectionStrings__{name}</c>, <c>services__{svc}__{scheme}__0</c> and <c>{SVC}_{ENDPOINT}</c>.
/// Values stay <see cref="IValueProvider"/>s so that run mode resolves them and publishers write placeholders.
/// </summary>
public static class ResourceEnvironment
{
    public static Dictionary<string, object> Collect(IResource resource, DistributedApplicationExecutionContext executionContext)
    {
        var context = new EnvironmentCallbackContext(executionContext);
        foreach (var reference in resource.Annotations.OfType<ResourceReferenceAnnotation>())
        {
            AddReference(context.EnvironmentVariables, reference.Resource);
        }
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            callback.Callback(context);
        }
        return context.EnvironmentVariables;
    }

    private static void AddReference(Dictionary<string, object> environment, IResource referenced)
    {
        if (referenced is IResourceWithConnectionString withConnectionString)
        {
            environment[$"ConnectionStrings__{referenced.Name}"] = new ConnectionStringReference(withConnectionString);
        }
        if (referenced is ProjectResource project)
        {
            foreach (var endpoint in project.Annotations.OfType<EndpointAnnotation>())
            {
                var reference = project.GetEndpoint(endpoint.Name);
                environment[$"services__{project.Name}__{endpoint.UriScheme}__0"] = reference;
                environment[$"{ResourceNames.ToEnvironmentName(project.Name)}_{ResourceNames.ToEnvironmentName(endpoint.Name)}"] = reference;
            }
        }
    }

    /// <summary>Resolves every value for run mode.</summary>
    public static Dictionary<string, string> Resolve(Dictionary<string, object> environment) =>
        environment.ToDictionary(e => e.Key, e => e.Value switch
        {
            string text => text,
            IValueProvider provider => provider.GetValue() ?? throw new InvalidOperationException(
                $"Environment variable {e.Key} refers to '{provider.ValueExpression}', which has no value yet."),
            var other => other.ToString() ?? "",
        }, StringComparer.Ordinal);
}
