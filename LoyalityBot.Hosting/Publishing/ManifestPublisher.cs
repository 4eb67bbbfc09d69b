using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>
/// <c>--publisher manifest</c>: Aspire's <c>aspire-manifest.json</c> (schema aspire-8.0), for azd and aspirate.
/// Servers are <c>container.v0</c>, databases <c>value.v0</c>, generated passwords <c>parameter.v0</c>, projects
/// <c>project.v0</c>, with Aspire 13's shapes. Two things Aspire has no type for are written so that tools keep
/// working: the read replicas are a <c>container.v0</c> (<c>postgres-replicas</c>) that clones the primary, and
/// replica counts and run-to-completion projects, which Aspire drops (microsoft/aspire#2629), go into one
/// extension resource, <c>loyalitybot-deployment</c> (type <c>loyalitybot.deployment.v0</c>): the schema lets
/// unknown types through and tools skip types they do not know, while the known types allow no extra fields.
/// </summary>
public sealed class ManifestPublisher : IPublisher
{
    public const string ExtensionResourceName = "loyalitybot-deployment";
    public const string ExtensionResourceType = "loyalitybot.deployment.v0";

    public string Name => "manifest";

    public async Task PublishAsync(PublishingContext context, CancellationToken cancellationToken)
    {
        var path = context.OutputPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? context.OutputPath
            : Path.Combine(context.OutputPath, "aspire-manifest.json");
        var manifest = Build(context.Resources, Path.GetDirectoryName(path)!);
        await ModelQueries.WriteFileAsync(path, Serialize(manifest), cancellationToken);
    }

    public static JsonObject Build(IReadOnlyList<IResource> resources, string manifestDirectory)
    {
        var entries = new JsonObject();
        foreach (var resource in resources)
        {
            entries[resource.Name] = Describe(resource, manifestDirectory);
            if (resource is ParameterResource parameter && IsUriEncoded(resources, parameter))
            {
                entries[$"{parameter.Name}-uri-encoded"] = new JsonObject
                {
                    ["type"] = "annotated.string",
                    ["value"] = parameter.ValueExpression,
                    ["filter"] = "uri",
                };
            }
        }
        entries[ExtensionResourceName] = Extension(resources);
        return new JsonObject { ["$schema"] = "https://json.schemastore.org/aspire-8.0.json", ["resources"] = entries };
    }

    public static string Serialize(JsonNode manifest)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, JsonOptions.Indented))
        {
            manifest.WriteTo(writer);
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static JsonObject Describe(IResource resource, string manifestDirectory) => resource switch
    {
        ParameterResource parameter => Parameter(parameter),
        RedisResource redis => Container(redis, redis.ConnectionStringExpression, ContainerImages.Redis, "/data",
            env: new() { ["REDIS_PASSWORD"] = redis.PasswordParameter.ValueExpression },
            args: ["-c", "redis-server --requirepass $REDIS_PASSWORD --appendonly yes --appendfsync everysec"],
            scheme: "redis"),
        PostgresServerResource postgres => Container(postgres, postgres.ConnectionStringExpression, ContainerImages.Postgres, "/var/lib/postgresql/data",
            env: new()
            {
                ["POSTGRES_HOST_AUTH_METHOD"] = "scram-sha-256",
                ["POSTGRES_INITDB_ARGS"] = "--auth-host=scram-sha-256 --auth-local=scram-sha-256",
                ["POSTGRES_USER"] = postgres.UserName,
                ["POSTGRES_PASSWORD"] = postgres.PasswordParameter.ValueExpression,
            },
            args: ["-c", $"echo '{PostgresScripts.AllowReplication.TrimEnd()}' > /docker-entrypoint-initdb.d/10-replication.sh && exec docker-entrypoint.sh postgres"]),
        PostgresReplicasResource replicas => Container(replicas, null, ContainerImages.Postgres, "/var/lib/postgresql/data",
            env: new()
            {
                ["PGDATA"] = "/var/lib/postgresql/data/pgdata",
                ["PRIMARY_HOST"] = replicas.Primary.PrimaryEndpoint.Property(EndpointProperty.Host).ValueExpression,
                ["PRIMARY_PORT"] = replicas.Primary.PrimaryEndpoint.Property(EndpointProperty.Port).ValueExpression,
                ["PGPASSWORD"] = replicas.Primary.PasswordParameter.ValueExpression,
            },
            args: ["-c", PostgresScripts.StartStandby, PostgresScripts.StartStandby]),
        RabbitMQServerResource rabbit => Container(rabbit, rabbit.ConnectionStringExpression, ContainerImages.RabbitMQ, "/var/lib/rabbitmq",
            env: new()
            {
                ["RABBITMQ_DEFAULT_USER"] = rabbit.UserName,
                ["RABBITMQ_DEFAULT_PASS"] = rabbit.PasswordParameter.ValueExpression,
            }),
        IResourceWithConnectionString value => new JsonObject
        {
            ["type"] = "value.v0",
            ["connectionString"] = value.ConnectionStringExpression.ValueExpression,
        },
        ProjectResource project => Project(project, manifestDirectory),
        _ => throw new NotSupportedException($"The manifest publisher does not know resource '{resource.Name}' ({resource.GetType().Name})."),
    };

    private static JsonObject Parameter(ParameterResource parameter)
    {
        var input = new JsonObject { ["type"] = "string", ["secret"] = parameter.Secret };
        if (parameter.Generate is { } generate)
        {
            var rule = new JsonObject { ["minLength"] = generate.MinLength };
            if (!generate.Special)
            {
                rule["special"] = false;
            }
            input["default"] = new JsonObject { ["generate"] = rule };
        }
        return new JsonObject
        {
            ["type"] = "parameter.v0",
            ["value"] = $"{{{parameter.Name}.inputs.value}}",
            ["inputs"] = new JsonObject { ["value"] = input },
        };
    }

    private static JsonObject Container(IResource resource, ReferenceExpression? connectionString, string image, string dataPath,
        Dictionary<string, string> env, string[]? args = null, string scheme = "tcp")
    {
        var container = new JsonObject { ["type"] = "container.v0" };
        if (connectionString is not null)
        {
            container["connectionString"] = connectionString.ValueExpression;
        }
        container["image"] = image;
        if (args is not null)
        {
            container["entrypoint"] = "/bin/sh";
            container["args"] = new JsonArray([.. args.Select(a => (JsonNode)a)]);
        }
        container["volumes"] = new JsonArray(new JsonObject
        {
            ["name"] = $"loyalitybot.apphost-{ModelQueries.StableHash("LoyalityBot.AppHost")}-{resource.Name}-data",
            ["target"] = dataPath,
            ["readOnly"] = false,
        });
        container["env"] = new JsonObject([.. env.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]);
        container["bindings"] = Bindings(resource, scheme);
        return container;
    }

    private static JsonObject Project(ProjectResource project, string manifestDirectory)
    {
        var entry = new JsonObject
        {
            ["type"] = "project.v0",
            ["path"] = Path.GetRelativePath(manifestDirectory, project.ProjectPath).Replace('\\', '/'),
        };
        var env = new JsonObject { ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory" };
        if (project.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http"))
        {
            env["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
            env["HTTP_PORTS"] = project.GetEndpoint("http").Property(EndpointProperty.TargetPort).ValueExpression;
        }
        foreach (var (name, value) in ModelQueries.EnvironmentExpressions(project))
        {
            env[name] = value;
        }
        entry["env"] = env;
        if (project.Annotations.OfType<EndpointAnnotation>().Any())
        {
            entry["bindings"] = Bindings(project, scheme: null);
        }
        return entry;
    }

    /// <summary>Bindings as Aspire writes them: containers carry their well-known targetPort, projects leave it to the deploy tool.</summary>
    private static JsonObject Bindings(IResource resource, string? scheme)
    {
        var bindings = new JsonObject();
        foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
        {
            var binding = new JsonObject
            {
                ["scheme"] = scheme ?? endpoint.UriScheme,
                ["protocol"] = "tcp",
                ["transport"] = endpoint.Transport,
            };
            if (endpoint.TargetPort is { } targetPort)
            {
                binding["targetPort"] = targetPort;
            }
            if (endpoint.IsExternal)
            {
                binding["external"] = true;
            }
            bindings[endpoint.Name] = binding;
        }
        return bindings;
    }

    private static bool IsUriEncoded(IReadOnlyList<IResource> resources, ParameterResource parameter) =>
        resources.OfType<IResourceWithConnectionString>().Select(r => r.ConnectionStringExpression.ValueExpression)
            .Concat(resources.OfType<ProjectResource>().SelectMany(p => ModelQueries.EnvironmentExpressions(p).Select(e => e.Value)))
            .Any(expression => ModelQueries.Placeholders(expression).Contains(($"{parameter.Name}-uri-encoded", "value")));

    private static JsonObject Extension(IReadOnlyList<IResource> resources)
    {
        var jobs = ModelQueries.RunToCompletion(resources);
        return new JsonObject
        {
            ["type"] = ExtensionResourceType,
            ["replicas"] = new JsonObject([.. resources
                .Where(r => r is PostgresReplicasResource || (r is ProjectResource && !jobs.Contains(r)))
                .Select(r => KeyValuePair.Create(r.Name, (JsonNode?)ModelQueries.Replicas(r)))]),
            ["runToCompletion"] = new JsonArray([.. resources.Where(jobs.Contains).Select(r => (JsonNode)r.Name)]),
        };
    }
}
