using System.Text;
using System.Text.RegularExpressions;
using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

public sealed partial class KubernetesTests(KubernetesFixture fixture) : IClassFixture<KubernetesFixture>
{
    private static readonly string[] Services = ["api", "bots", "workers"];

    [Fact]
    public void Every_region_overlay_builds_and_every_document_passes_the_kubernetes_schemas()
    {
        Assert.Equal(["asia", "eu"], fixture.Regions);
        Assert.Matches(@"validated \d+ documents, 0 problems", fixture.ValidatorOutput);
        foreach (var region in fixture.Regions)
        {
            Assert.True(fixture.Built[region].Count >= 40, $"{region}: only {fixture.Built[region].Count} documents");
        }
    }

    [Fact]
    public async Task Schema_validator_rejects_an_invalid_document()
    {
        var deployment = fixture.Document("eu", "Deployment", "api").DeepClone();
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = "eight-thousand";
        var path = Path.Combine(fixture.Directory, "broken.yaml");
        await File.WriteAllTextAsync(path, deployment.ToJsonString(), TestContext.Current.CancellationToken); // JSON is YAML

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Validators.RunAsync("validate-kubernetes.mjs", path));

        Assert.Contains("containerPort must be integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_deployment_has_probes_limits_an_autoscaler_and_a_budget()
    {
        foreach (var region in fixture.Regions)
        {
            var deployments = fixture.Documents(region, "Deployment").ToList();
            Assert.Equal(Services, deployments.Select(Name).Order(StringComparer.Ordinal));
            foreach (var deployment in deployments)
            {
                var name = Name(deployment);
                var container = PodSpec(deployment)["containers"]![0]!;
                Assert.Equal("/alive", (string)container["livenessProbe"]!["httpGet"]!["path"]!);
                Assert.Equal("/health", (string)container["readinessProbe"]!["httpGet"]!["path"]!);
                Assert.Equal("100m", (string)container["resources"]!["requests"]!["cpu"]!);
                Assert.Equal("256Mi", (string)container["resources"]!["requests"]!["memory"]!);
                Assert.Equal("500m", (string)container["resources"]!["limits"]!["cpu"]!);
                Assert.Equal("512Mi", (string)container["resources"]!["limits"]!["memory"]!);

                var hpa = fixture.Document(region, "HorizontalPodAutoscaler", name);
                Assert.Equal(name, (string)hpa["spec"]!["scaleTargetRef"]!["name"]!);
                Assert.Equal(70, (int)hpa["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"]!);
                var pdb = fixture.Document(region, "PodDisruptionBudget", name);
                Assert.Equal(name, (string)pdb["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"]!);
                Assert.Contains(fixture.Documents(region, "Service"), s => Name(s) == name);
            }
        }
    }

    [Fact]
    public void Replicas_come_from_the_app_model_and_autoscaling_bounds_from_the_region()
    {
        int Replicas(string region, string name) => (int)fixture.Document(region, "Deployment", name)["spec"]!["replicas"]!;
        Assert.Equal(2, Replicas("eu", "api"));
        Assert.Equal(3, Replicas("eu", "bots"));
        Assert.Equal(2, Replicas("eu", "workers"));
        Assert.Equal(2, Replicas("asia", "bots")); // the region's own override
        Assert.Equal(1, (int)fixture.Document("eu", "StatefulSet", "postgres-replicas")["spec"]!["replicas"]!);

        Assert.Equal(2, (int)fixture.Document("eu", "HorizontalPodAutoscaler", "bots")["spec"]!["minReplicas"]!);
        Assert.Equal(10, (int)fixture.Document("eu", "HorizontalPodAutoscaler", "bots")["spec"]!["maxReplicas"]!);
        Assert.Equal(6, (int)fixture.Document("asia", "HorizontalPodAutoscaler", "bots")["spec"]!["maxReplicas"]!);
    }

    [Fact]
    public void Services_run_as_non_root_on_a_read_only_root_with_a_writable_tmp_and_shut_down_gracefully()
    {
        foreach (var deployment in fixture.Documents("eu", "Deployment"))
        {
            var pod = PodSpec(deployment);
            Assert.True((bool)pod["securityContext"]!["runAsNonRoot"]!);
            var container = pod["containers"]![0]!;
            Assert.True((bool)container["securityContext"]!["readOnlyRootFilesystem"]!);
            Assert.False((bool)container["securityContext"]!["allowPrivilegeEscalation"]!);
            Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string)m!["mountPath"]! == "/tmp");
            Assert.Contains(pod["volumes"]!.AsArray(), v => (string)v!["name"]! == "tmp" && v["emptyDir"] is not null);

            // Kubernetes waits preStop + the host's shutdown timeout before it kills the pod.
            var config = fixture.Document("eu", "ConfigMap", ConfigMapName(container, "-env"))["data"]!;
            var shutdown = int.Parse((string)config["DOTNET_SHUTDOWNTIMEOUTSECONDS"]!, System.Globalization.CultureInfo.InvariantCulture);
            var preStop = (int)container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!;
            Assert.True((int)pod["terminationGracePeriodSeconds"]! > shutdown + preStop, Name(deployment));
        }
    }

    [Fact]
    public void No_secret_or_config_map_holds_a_credential()
    {
        Assert.DoesNotContain(fixture.Published, f => Encoding.UTF8.GetString(f.Value).Contains("kind: Secret", StringComparison.Ordinal));
        foreach (var region in fixture.Regions)
        {
            var secrets = fixture.Documents(region, "Secret").ToList();
            var secret = Assert.Single(secrets);
            Assert.Equal("loyalitybot-secrets", Name(secret));
            // Its values are exactly the operator's files, nothing the publisher made up.
            Assert.Equal(fixture.SecretValues[region].OrderBy(s => s.Key),
                secret["data"]!.AsObject().Select(d => KeyValuePair.Create(d.Key, Encoding.UTF8.GetString(Convert.FromBase64String((string)d.Value!)))).OrderBy(s => s.Key));

            var everythingElse = string.Join('\n', fixture.Built[region].Where(d => (string?)d["kind"] != "Secret").Select(d => d.ToJsonString()));
            foreach (var value in fixture.SecretValues[region].Values)
            {
                Assert.DoesNotContain(value, everythingElse, StringComparison.Ordinal);
            }
            foreach (var configMap in fixture.Documents(region, "ConfigMap"))
            {
                foreach (var (key, value) in configMap["data"]!.AsObject())
                {
                    Assert.DoesNotMatch(Credential(), $"{key}={value}");
                }
            }
        }
    }

    [Fact]
    public void Every_config_map_and_secret_reference_resolves_and_every_variable_is_defined_before_use()
    {
        foreach (var region in fixture.Regions)
        {
            var configMaps = fixture.Documents(region, "ConfigMap").ToDictionary(Name, c => c["data"]!.AsObject());
            var secret = Assert.Single(fixture.Documents(region, "Secret"));
            var secretKeys = secret["data"]!.AsObject().Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
            var secretReferences = 0;
            foreach (var workload in fixture.Built[region].Where(d => d["spec"]?["template"]?["spec"] is not null))
            {
                var pod = PodSpec(workload);
                foreach (var volume in pod["volumes"]?.AsArray() ?? [])
                {
                    if (volume!["configMap"] is { } configMap)
                    {
                        Assert.True(configMaps.ContainsKey((string)configMap["name"]!), $"{region}/{Name(workload)}: volume names no ConfigMap");
                    }
                }
                foreach (var container in pod["containers"]!.AsArray().Concat(pod["initContainers"]?.AsArray() ?? []))
                {
                    var where = $"{region}/{Name(workload)}/{container!["name"]}";
                    // envFrom first: Kubernetes defines those variables before the env list.
                    var defined = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var source in container["envFrom"]?.AsArray() ?? [])
                    {
                        var name = (string)source!["configMapRef"]!["name"]!;
                        Assert.True(configMaps.TryGetValue(name, out var data), $"{where}: envFrom names no ConfigMap {name}");
                        defined.UnionWith(data!.Select(d => d.Key));
                    }
                    // $(VAR) expands only if VAR is defined earlier; otherwise Kubernetes leaves the text as it is.
                    foreach (var variable in container["env"]?.AsArray() ?? [])
                    {
                        if (variable!["valueFrom"]?["secretKeyRef"] is { } reference)
                        {
                            Assert.Equal(Name(secret), (string)reference["name"]!);
                            Assert.Contains((string)reference["key"]!, secretKeys);
                            secretReferences++;
                        }
                        foreach (Match use in VariableReference().Matches((string?)variable["value"] ?? ""))
                        {
                            Assert.True(defined.Contains(use.Groups[1].Value), $"{where}: {variable["name"]} uses $({use.Groups[1].Value}) before it is defined");
                        }
                        defined.Add((string)variable["name"]!);
                    }
                }
            }
            Assert.True(secretReferences >= 10, $"{region}: only {secretReferences} secret references");
        }
    }

    [Fact]
    public void Every_service_address_in_the_environment_resolves_to_a_service_in_the_same_namespace()
    {
        foreach (var region in fixture.Regions)
        {
            var services = fixture.Documents(region, "Service").ToDictionary(Name);
            var values = Containers(region).SelectMany(c => c["env"]?.AsArray() ?? [])
                .Select(e => (string?)e!["value"]).OfType<string>()
                .Concat(fixture.Documents(region, "ConfigMap").SelectMany(c => c["data"]!.AsObject().Select(d => (string)d.Value!)));
            // Plus the HOST/PORT pairs of the server containers (a standby's PRIMARY_HOST and PRIMARY_PORT).
            var hostVariables = Containers(region).Select(c => c["env"]?.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"]) ?? [])
                .SelectMany(env => env.Where(e => e.Key.EndsWith("_HOST", StringComparison.Ordinal) && e.Value is not null)
                    .Select(e => (e.Value!, int.Parse(env[e.Key[..^"HOST".Length] + "PORT"]!, System.Globalization.CultureInfo.InvariantCulture))));
            var addresses = values.SelectMany(Addresses).Concat(hostVariables).ToList();
            Assert.Contains(addresses, a => a.Item1 == "postgres-primary" && a.Item2 == 5432);

            Assert.True(addresses.Count >= 15, $"{region}: only {addresses.Count} service addresses found");
            foreach (var (host, port) in addresses)
            {
                var labels = host.Split('.');
                // "postgres-replicas-0.postgres-replicas" is a StatefulSet pod behind a headless Service.
                var serviceName = labels.Length == 2 ? labels[1] : labels[0];
                Assert.True(labels.Length <= 2, $"{host} leaves the namespace");
                Assert.True(services.TryGetValue(serviceName, out var service), $"{region}: {host}:{port} names no Service");
                Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => (int)p!["port"]! == port);
                Assert.Equal(fixture.Built[region].Select(d => (string?)d["metadata"]!["namespace"]).First(n => n is not null),
                    (string)service["metadata"]!["namespace"]!);
                if (labels.Length == 2)
                {
                    Assert.Equal("None", (string)service["spec"]!["clusterIP"]!);
                    var set = fixture.Documents(region, "StatefulSet").Single(s => (string)s["spec"]!["serviceName"]! == serviceName);
                    Assert.StartsWith(Name(set) + "-", labels[0], StringComparison.Ordinal);
                    Assert.True(int.Parse(labels[0][(Name(set).Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) < (int)set["spec"]!["replicas"]!);
                }
            }
        }
    }

    [Fact]
    public void Each_region_has_its_own_namespace_database_cache_and_broker()
    {
        var namespaces = new List<string>();
        foreach (var region in fixture.Regions)
        {
            var ns = Name(Assert.Single(fixture.Documents(region, "Namespace")));
            Assert.Equal($"loyalitybot-{region}", ns);
            namespaces.Add(ns);
            Assert.All(fixture.Built[region].Where(d => (string?)d["kind"] != "Namespace"),
                d => Assert.Equal(ns, (string?)d["metadata"]!["namespace"]));
            Assert.Equal(["cache", "messaging", "postgres", "postgres-replicas"],
                fixture.Documents(region, "StatefulSet").Select(Name).Order(StringComparer.Ordinal));
            Assert.All(fixture.Documents(region, "StatefulSet"), s => Assert.NotEmpty(s["spec"]!["volumeClaimTemplates"]!.AsArray()));
        }
        Assert.Equal(namespaces.Count, namespaces.Distinct().Count());
    }

    [Fact]
    public void Postgres_replicas_stream_from_the_primary_and_the_connection_strings_name_both_services()
    {
        var standby = PodSpec(fixture.Document("eu", "StatefulSet", "postgres-replicas"))["containers"]![0]!;
        Assert.Equal("postgres-primary", Env(standby, "PRIMARY_HOST"));
        var script = (string)fixture.Documents("eu", "ConfigMap").Single(c => Name(c).StartsWith("postgres-scripts", StringComparison.Ordinal))["data"]!["standby.sh"]!;
        Assert.Contains("pg_basebackup", script, StringComparison.Ordinal);
        Assert.Contains("-R", script, StringComparison.Ordinal);

        var api = PodSpec(fixture.Document("eu", "Deployment", "api"))["containers"]![0]!;
        Assert.StartsWith("Host=postgres-primary;Port=5432;", Env(api, "ConnectionStrings__loyalty"), StringComparison.Ordinal);
        Assert.StartsWith("Host=postgres-replicas-0.postgres-replicas:5432,postgres-primary:5432;", Env(api, "ConnectionStrings__loyalty-readonly"), StringComparison.Ordinal);
        Assert.Contains("$(SECRET_POSTGRES_PASSWORD)", Env(api, "ConnectionStrings__loyalty"), StringComparison.Ordinal);
    }

    [Fact]
    public void Redis_keeps_an_append_only_file_and_rabbitmq_a_persistent_volume()
    {
        var redis = PodSpec(fixture.Document("eu", "StatefulSet", "cache"))["containers"]![0]!;
        var args = redis["args"]!.AsArray().Select(a => (string)a!).ToList();
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);

        var rabbit = fixture.Document("eu", "StatefulSet", "messaging");
        Assert.Equal("/var/lib/rabbitmq", (string)PodSpec(rabbit)["containers"]![0]!["volumeMounts"]![0]!["mountPath"]!);
        Assert.Equal("data", (string)rabbit["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]!);
    }

    [Fact]
    public void Services_wait_for_the_migration_job()
    {
        var job = fixture.Document("eu", "Job", "migrations");
        Assert.Equal("Never", (string)PodSpec(job)["restartPolicy"]!);
        Assert.Contains("pg_isready -h postgres-primary", PodSpec(job)["initContainers"]![0]!["command"]!.ToJsonString(), StringComparison.Ordinal);
        foreach (var deployment in fixture.Documents("eu", "Deployment"))
        {
            var pod = PodSpec(deployment);
            var wait = Assert.Single(pod["initContainers"]!.AsArray());
            Assert.Equal(["wait", "--for=condition=complete", "job/migrations", "--timeout=300s"], wait!["args"]!.AsArray().Select(a => (string)a!));
            Assert.Equal("wait-for-jobs", (string)pod["serviceAccountName"]!);
        }
        var role = fixture.Document("eu", "Role", "wait-for-jobs");
        Assert.Equal(["get", "list", "watch"], role["rules"]![0]!["verbs"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("wait-for-jobs", (string)fixture.Document("eu", "RoleBinding", "wait-for-jobs")["subjects"]![0]!["name"]!);
    }

    [Fact]
    public void Network_policies_allow_only_the_connections_the_app_model_declares()
    {
        var deny = fixture.Document("eu", "NetworkPolicy", "default-deny");
        Assert.Equal(["Ingress", "Egress"], deny["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!));

        Assert.Equal(["api", "bots", "migrations", "postgres-replicas", "workers"], AllowedFrom("postgres", 5432));
        Assert.Equal(["api", "bots", "workers"], AllowedFrom("postgres-replicas", 5432));
        Assert.Equal(["api", "bots", "workers"], AllowedFrom("cache", 6379));
        Assert.Equal(["api", "bots", "workers"], AllowedFrom("messaging", 5672));
        Assert.Empty(AllowedFrom("workers", 8080)); // nothing calls the workers; the ingress does not route to them
        Assert.Contains(Policy("bots")["spec"]!["ingress"]!.AsArray(),
            r => r!["from"]![0]!["namespaceSelector"]?["matchLabels"]?["kubernetes.io/metadata.name"]?.GetValue<string>() == "ingress-nginx");
    }

    [Fact]
    public void Monitoring_scrapes_metrics_alerts_on_the_plans_signals_and_sends_to_telegram()
    {
        foreach (var region in fixture.Regions)
        {
            var services = fixture.Document(region, "ServiceMonitor", "loyalitybot-services");
            Assert.Equal("/metrics", (string)services["spec"]!["endpoints"]![0]!["path"]!);

            var alerts = fixture.Document(region, "PrometheusRule", "loyalitybot")["spec"]!["groups"]!.AsArray()
                .SelectMany(g => g!["rules"]!.AsArray()).ToDictionary(r => (string)r!["alert"]!, r => (string)r!["expr"]!);
            Assert.Contains("> 0.01", alerts["LoyalityBotErrorRateHigh"], StringComparison.Ordinal);
            Assert.Contains("> 0.2", alerts["LoyalityBotLatencyP95High"], StringComparison.Ordinal);
            Assert.Contains("deriv(rabbitmq_detailed_queue_messages_ready", alerts["LoyalityBotQueueGrowing"], StringComparison.Ordinal);
            Assert.Contains("> 300", alerts["LoyalityBotQueueOldMessage"], StringComparison.Ordinal);
            Assert.Contains("pg_replication_lag_seconds > 10", alerts["LoyalityBotReplicaLagHigh"], StringComparison.Ordinal);
            Assert.Contains("kube_pod_container_status_restarts_total", alerts["LoyalityBotPodRestarting"], StringComparison.Ordinal);
            Assert.Contains("dlq", alerts["LoyalityBotDeadLetters"], StringComparison.Ordinal);

            var telegram = fixture.Document(region, "AlertmanagerConfig", "loyalitybot-telegram")["spec"]!["receivers"]![0]!["telegramConfigs"]![0]!;
            Assert.Equal("loyalitybot-secrets", (string)telegram["botToken"]!["name"]!);
            Assert.True((long)telegram["chatID"]! < 0);

            var dashboard = fixture.Document(region, "ConfigMap", "loyalitybot-dashboard");
            Assert.Equal("1", (string)dashboard["metadata"]!["labels"]!["grafana_dashboard"]!);
            var panels = JsonNode.Parse((string)dashboard["data"]!["loyalitybot-dashboard.json"]!)!["panels"]!.AsArray().Select(p => (string)p!["title"]!);
            Assert.Equal(["CPU (cores)", "Memory", "Requests/s", "Latency p95", "Errors (5xx share)", "Queue size (ready)", "Replica lag"], panels);
        }
    }

    [Fact]
    public void Each_region_has_its_own_ingress_host_for_the_webhook_and_the_api()
    {
        var hosts = new List<string>();
        foreach (var region in fixture.Regions)
        {
            var rule = fixture.Document(region, "Ingress", "loyalitybot")["spec"]!["rules"]![0]!;
            hosts.Add((string)rule["host"]!);
            var paths = rule["http"]!["paths"]!.AsArray().ToDictionary(p => (string)p!["path"]!, p => (string)p!["backend"]!["service"]!["name"]!);
            Assert.Equal("bots", paths["/telegram"]);
            Assert.Equal("api", paths["/api"]);
            Assert.Equal($"Region__Host={rule["host"]}", $"Region__Host={fixture.Documents(region, "ConfigMap").Single(c => Name(c).StartsWith("region-", StringComparison.Ordinal))["data"]!["Region__Host"]}");
        }
        Assert.Equal(hosts.Count, hosts.Distinct().Count());
    }

    [Fact]
    public async Task Publishing_twice_gives_identical_files()
    {
        var again = Publish.TemporaryDirectory("kubernetes-again");
        try
        {
            await Publish.RunAsync("kubernetes", again);

            Assert.Equal(fixture.Published, Publish.ReadTree(again));
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    private List<string> AllowedFrom(string workload, int port) =>
        [.. Policy(workload)["spec"]!["ingress"]!.AsArray()
            .Where(r => r!["ports"]!.AsArray().Any(p => (int)p!["port"]! == port))
            .SelectMany(r => r!["from"]!.AsArray().Select(f => (string?)f!["podSelector"]?["matchLabels"]?["app.kubernetes.io/name"]))
            .OfType<string>().Order(StringComparer.Ordinal)];

    private JsonObject Policy(string workload) => fixture.Document("eu", "NetworkPolicy", $"allow-{workload}");

    private IEnumerable<JsonNode> Containers(string region) =>
        fixture.Built[region].Where(d => d["spec"]?["template"]?["spec"] is not null)
            .SelectMany(d => PodSpec(d)["containers"]!.AsArray().Concat(PodSpec(d)["initContainers"]?.AsArray() ?? []))!;

    private static JsonNode PodSpec(JsonNode workload) => workload["spec"]!["template"]!["spec"]!;

    private static string Name(JsonNode document) => (string)document["metadata"]!["name"]!;

    private static string Env(JsonNode container, string name) =>
        (string)container["env"]!.AsArray().Single(e => (string)e!["name"]! == name)!["value"]!;

    private static string ConfigMapName(JsonNode container, string suffix) =>
        container["envFrom"]!.AsArray().Select(e => (string)e!["configMapRef"]!["name"]!).Single(n => n.Contains(suffix, StringComparison.Ordinal));

    /// <summary>host:port pairs in a value: <c>Host=a:1,b:2</c>, <c>Host=a;Port=1</c>, <c>scheme://[user@]a:1</c>, <c>a:1,password=…</c>.</summary>
    private static IEnumerable<(string Host, int Port)> Addresses(string value)
    {
        if (HostList().Match(value) is { Success: true } hosts)
        {
            var port = PortKey().Match(value) is { Success: true } p ? int.Parse(p.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            foreach (var host in hosts.Groups[1].Value.Split(','))
            {
                var parts = host.Split(':');
                yield return (parts[0], parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : port);
            }
            yield break;
        }
        foreach (Match match in HostPort().Matches(value))
        {
            yield return (match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"Host=([^;]+)")]
    private static partial Regex HostList();

    [GeneratedRegex(@"Port=(\d+)")]
    private static partial Regex PortKey();

    [GeneratedRegex(@"(?:^|://(?:[^@/]*@)?)([a-z][a-z0-9.-]*):(\d+)")]
    private static partial Regex HostPort();

    /// <summary>A password, token or key with a literal value (anything but a $(SECRET_…) reference).</summary>
    [GeneratedRegex(@"(?i)(password|token|secret|pass|key)[^=]*=(?!\$\()[^;,]+")]
    private static partial Regex Credential();
}
