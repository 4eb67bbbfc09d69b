using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// The app model seen from Kubernetes: which workload serves each endpoint, under which Service name and
/// port, and how a manifest expression becomes a container environment value. Secrets never appear as
/// values: <c>{postgres-password.value}</c> becomes <c>$(SECRET_POSTGRES_PASSWORD)</c>, an earlier env var
/// filled from the Secret, which Kubernetes substitutes when it starts the container.
/// </summary>
internal sealed class KubernetesModel
{
    public const int ProjectHttpPort = 8080;
    public const string SecretName = "loyalitybot-secrets";

    public KubernetesModel(IReadOnlyList<IResource> resources)
    {
        Resources = resources;
        Jobs = ModelQueries.RunToCompletion(resources);
        _byName = resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, IResource> _byName;

    public IReadOnlyList<IResource> Resources { get; }

    /// <summary>Projects others wait for with WaitForCompletion: Jobs, not Deployments.</summary>
    public HashSet<IResource> Jobs { get; }

    public IEnumerable<ProjectResource> Services => Resources.OfType<ProjectResource>().Where(p => !Jobs.Contains(p));

    public IEnumerable<ProjectResource> JobProjects => Resources.OfType<ProjectResource>().Where(Jobs.Contains);

    public IEnumerable<ParameterResource> Parameters => Resources.OfType<ParameterResource>();

    public IResource Find(string name) =>
        _byName.TryGetValue(name, out var resource) ? resource : throw new InvalidOperationException($"No resource named '{name}' in the app model.");

    /// <summary>The Service that fronts an endpoint: <c>postgres-primary</c> for the primary, a standby's own DNS name for a replica.</summary>
    public static string Host(IResource resource, string endpoint) => resource switch
    {
        PostgresServerResource => PrimaryServiceName(resource),
        PostgresReplicasResource => string.Create(CultureInfo.InvariantCulture, $"{resource.Name}-{ReplicaIndex(endpoint)}.{resource.Name}"),
        _ => resource.Name,
    };

    public static string PrimaryServiceName(IResource postgres) => $"{postgres.Name}-primary";

    /// <summary>The Service port: projects listen on 8080 (the .NET container default), servers on their well-known port.</summary>
    public static int Port(IResource resource, string endpoint) =>
        resource.Annotations.OfType<EndpointAnnotation>().SingleOrDefault(e => e.Name == endpoint) is { } annotation
            ? annotation.TargetPort ?? ProjectHttpPort
            : throw new InvalidOperationException($"Resource '{resource.Name}' has no endpoint '{endpoint}'.");

    public static string SecretEnvironmentName(ParameterResource parameter) => $"SECRET_{ResourceNames.ToEnvironmentName(parameter.Name)}";

    /// <summary>Resolves every placeholder of a manifest expression for this cluster.</summary>
    public ResolvedValue Resolve(string expression)
    {
        var secrets = new SortedSet<string>(StringComparer.Ordinal);
        var endpoints = new SortedSet<(string, string)>();
        var value = Expand(expression, secrets, endpoints, depth: 0);
        return new ResolvedValue(value, [.. secrets.Select(s => (ParameterResource)Find(s))], [.. endpoints.Select(e => (Find(e.Item1), e.Item2))]);
    }

    private string Expand(string expression, SortedSet<string> secrets, SortedSet<(string, string)> endpoints, int depth)
    {
        if (depth > 10)
        {
            throw new InvalidOperationException($"Expression nests too deeply: {expression}");
        }
        return ModelQueries.PlaceholderPattern().Replace(expression, match =>
        {
            var (name, path) = (match.Groups[1].Value, match.Groups[2].Value);
            if (path == "value" && name.EndsWith("-uri-encoded", StringComparison.Ordinal))
            {
                // Kubernetes cannot URI-encode a secret; a generated value without special characters needs no encoding.
                name = name[..^"-uri-encoded".Length];
                if (Find(name) is not ParameterResource { Generate.Special: false })
                {
                    throw new InvalidOperationException($"{match.Value}: only generated parameters without special characters can be used URI-encoded.");
                }
            }
            var resource = Find(name);
            var parts = path.Split('.');
            return (resource, parts) switch
            {
                (ParameterResource parameter, ["value"]) => Secret(parameter, secrets),
                (IResourceWithConnectionString withConnectionString, ["connectionString"]) =>
                    Expand(withConnectionString.ConnectionStringExpression.ValueExpression, secrets, endpoints, depth + 1),
                (_, ["bindings", var endpoint, var property]) => Endpoint(resource, endpoint, property, endpoints),
                _ => throw new InvalidOperationException($"Cannot resolve {match.Value} for Kubernetes."),
            };
        });
    }

    private static string Secret(ParameterResource parameter, SortedSet<string> secrets)
    {
        secrets.Add(parameter.Name);
        return $"$({SecretEnvironmentName(parameter)})";
    }

    private static string Endpoint(IResource resource, string endpoint, string property, SortedSet<(string, string)> endpoints)
    {
        endpoints.Add((resource.Name, endpoint));
        var port = Port(resource, endpoint).ToString(CultureInfo.InvariantCulture);
        var scheme = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint).UriScheme;
        return property switch
        {
            "host" => Host(resource, endpoint),
            "port" or "targetPort" => port,
            "scheme" => scheme,
            "url" => $"{scheme}://{Host(resource, endpoint)}:{port}",
            _ => throw new InvalidOperationException($"Unknown endpoint property '{property}' of {resource.Name}.{endpoint}."),
        };
    }

    private static int ReplicaIndex(string endpoint) =>
        int.Parse(endpoint.AsSpan(endpoint.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);
}

/// <summary>An expression resolved for Kubernetes: the value, the secrets it needs as env vars, the endpoints it reaches.</summary>
internal sealed record ResolvedValue(string Value, IReadOnlyList<ParameterResource> Secrets, IReadOnlyList<(IResource Resource, string Endpoint)> Endpoints);
