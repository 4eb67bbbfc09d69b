using System.Text.Json.Nodes;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// Deny everything, then allow exactly the connections the app model declares: each project reaches the
/// endpoints its environment names (connection strings, service URLs), standbys reach their primary, the
/// ingress controller reaches routed projects and Prometheus reaches metrics ports. Projects may also call
/// HTTPS outside the cluster (the Telegram Bot API, and the Kubernetes API for <c>kubectl wait</c>).
/// </summary>
internal static class NetworkPolicies
{
    /// <summary>The namespaces of the ingress controller and of Prometheus (ingress-nginx's and kube-prometheus-stack's defaults).</summary>
    public const string IngressNamespace = "ingress-nginx";
    public const string MonitoringNamespace = "monitoring";

    /// <summary>One allowed connection: pods of <paramref name="From"/> to port <paramref name="Port"/> of pods of <paramref name="To"/>.</summary>
    public sealed record Edge(string From, string To, int Port);

    public static IEnumerable<Edge> Edges(KubernetesModel model)
    {
        var edges = new SortedSet<Edge>(Comparer<Edge>.Create((a, b) =>
            string.CompareOrdinal($"{a.From}>{a.To}:{a.Port}", $"{b.From}>{b.To}:{b.Port}")));
        foreach (var project in model.Resources.OfType<ProjectResource>())
        {
            foreach (var (_, expression) in ModelQueries.EnvironmentExpressions(project))
            {
                foreach (var (resource, endpoint) in model.Resolve(expression).Endpoints)
                {
                    edges.Add(new Edge(project.Name, resource.Name, KubernetesModel.Port(resource, endpoint)));
                }
            }
        }
        foreach (var replicas in model.Resources.OfType<PostgresReplicasResource>())
        {
            edges.Add(new Edge(replicas.Name, replicas.Primary.Name, PostgresServerResource.DefaultPort));
        }
        return edges;
    }

    public static IEnumerable<JsonObject> For(KubernetesModel model, IReadOnlyCollection<string> routedProjects)
    {
        yield return Policy("default-deny", new JsonObject(), ingress: [], egress: []);
        yield return Policy("allow-dns", new JsonObject(), ingress: null, egress: [new JsonObject
        {
            ["to"] = new JsonArray(new JsonObject { ["namespaceSelector"] = NamespaceSelector("kube-system") }),
            ["ports"] = new JsonArray(Port(53, "UDP"), Port(53, "TCP")),
        }]);
        yield return Policy("allow-prometheus", PartOf(), ingress: [new JsonObject
        {
            ["from"] = new JsonArray(new JsonObject { ["namespaceSelector"] = NamespaceSelector(MonitoringNamespace) }),
            ["ports"] = new JsonArray(
                Port(KubernetesModel.ProjectHttpPort), Port(InfrastructureWorkloads.PostgresExporterPort), Port(InfrastructureWorkloads.RabbitMQMetricsPort)),
        }], egress: null);

        var edges = Edges(model).ToList();
        var workloads = model.Resources
            .Where(r => r is ProjectResource or PostgresServerResource or PostgresReplicasResource or RedisResource or RabbitMQServerResource)
            .Select(r => r.Name);
        foreach (var workload in workloads)
        {
            var ingress = edges.Where(e => e.To == workload).GroupBy(e => e.Port).Select(g => new JsonObject
            {
                ["from"] = K8s.Array(g.Select(e => e.From).Distinct().Select(from => new JsonObject { ["podSelector"] = MatchLabels(from) })),
                ["ports"] = new JsonArray(Port(g.Key)),
            }).ToList();
            if (routedProjects.Contains(workload))
            {
                ingress.Add(new JsonObject
                {
                    ["from"] = new JsonArray(new JsonObject { ["namespaceSelector"] = NamespaceSelector(IngressNamespace) }),
                    ["ports"] = new JsonArray(Port(KubernetesModel.ProjectHttpPort)),
                });
            }
            var egress = edges.Where(e => e.From == workload).GroupBy(e => e.To).Select(g => new JsonObject
            {
                ["to"] = new JsonArray(new JsonObject { ["podSelector"] = MatchLabels(g.Key) }),
                ["ports"] = K8s.Array(g.Select(e => e.Port).Distinct().Order().Select(p => Port(p))),
            }).ToList();
            if (model.Resources.OfType<ProjectResource>().Any(p => p.Name == workload))
            {
                egress.Add(new JsonObject
                {
                    ["to"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "0.0.0.0/0" } }),
                    ["ports"] = new JsonArray(Port(443), Port(6443)),
                });
            }
            yield return Policy($"allow-{workload}", MatchLabels(workload), ingress, egress);
        }
    }

    private static JsonObject Policy(string name, JsonObject podSelector, List<JsonObject>? ingress, List<JsonObject>? egress)
    {
        var policy = K8s.Object("networking.k8s.io/v1", "NetworkPolicy", name, new JsonObject { [K8s.PartOfLabel] = K8s.PartOf });
        var types = new List<string>();
        var spec = new JsonObject { ["podSelector"] = podSelector };
        if (ingress is not null)
        {
            types.Add("Ingress");
            spec["ingress"] = K8s.Array(ingress);
        }
        if (egress is not null)
        {
            types.Add("Egress");
            spec["egress"] = K8s.Array(egress);
        }
        spec["policyTypes"] = K8s.Strings(types);
        policy["spec"] = spec;
        return policy;
    }

    private static JsonObject MatchLabels(string name) => new() { ["matchLabels"] = K8s.Selector(name) };

    private static JsonObject PartOf() => new() { ["matchLabels"] = new JsonObject { [K8s.PartOfLabel] = K8s.PartOf } };

    private static JsonObject NamespaceSelector(string name) =>
        new() { ["matchLabels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } };

    private static JsonObject Port(int port, string protocol = "TCP") => new() { ["protocol"] = protocol, ["port"] = port };
}
