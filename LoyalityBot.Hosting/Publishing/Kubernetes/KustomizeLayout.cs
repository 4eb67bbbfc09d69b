using System.Globalization;
using System.Text.Json.Nodes;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// The kustomize tree: <c>base/</c> holds everything the app model defines, one file per resource;
/// <c>overlays/{region}/</c> adds the region's namespace, Ingress host, settings ConfigMap, alert chat,
/// autoscaling bounds and its Secret, generated from files under <c>secrets/</c> that are never committed.
/// </summary>
internal sealed class KustomizeLayout(KubernetesModel model, DeploymentSettings settings)
{
    public const string RegionConfigMap = "region";
    private const string KustomizeApi = "kustomize.config.k8s.io/v1beta1";

    private readonly ProjectWorkloads _projects = new(model);

    /// <summary>Every file of the tree by relative path ('/' separated), in a stable order.</summary>
    public SortedDictionary<string, string> Files()
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Base(files);
        foreach (var region in settings.Regions)
        {
            Overlay(files, region);
        }
        return files;
    }

    private void Base(SortedDictionary<string, string> files)
    {
        var resources = new List<string>();
        void Add(string file, IEnumerable<JsonObject> documents)
        {
            var list = documents.ToList();
            if (list.Count > 0)
            {
                files[$"base/{file}"] = YamlWriter.Write(list);
                resources.Add(file);
            }
        }

        var configMaps = new JsonArray();
        foreach (var resource in model.Resources)
        {
            switch (resource)
            {
                case ProjectResource project when model.Jobs.Contains(project):
                    Add($"{project.Name}.yaml", [_projects.Job(project)]);
                    configMaps.Add(EnvConfigMap(project));
                    break;
                case ProjectResource project:
                    Add($"{project.Name}.yaml", _projects.Deployment(project));
                    configMaps.Add(EnvConfigMap(project));
                    break;
                case PostgresServerResource postgres:
                    Add($"{postgres.Name}.yaml", InfrastructureWorkloads.For(postgres));
                    foreach (var (name, text) in InfrastructureWorkloads.PostgresScriptFiles(postgres))
                    {
                        files[$"base/{postgres.Name}/{name}"] = text;
                    }
                    configMaps.Add(new JsonObject
                    {
                        ["name"] = InfrastructureWorkloads.PostgresScriptsConfigMap,
                        ["files"] = K8s.Strings(InfrastructureWorkloads.PostgresScriptFiles(postgres).Keys.Select(f => $"{postgres.Name}/{f}")),
                    });
                    break;
                default:
                    Add($"{resource.Name}.yaml", InfrastructureWorkloads.For(resource));
                    break;
            }
        }
        if (model.Services.Any(s => s.Annotations.OfType<WaitAnnotation>().Any(w => w.WaitType == WaitType.WaitForCompletion)))
        {
            Add("wait-for-jobs.yaml", ProjectWorkloads.WaitForJobsAccess());
        }
        Add("network-policies.yaml", NetworkPolicies.For(model, [.. Routes().Select(r => r.Project)]));
        var services = model.Services.Select(s => s.Name).ToList();
        Add("monitoring.yaml", [.. Monitoring.ServiceMonitors(), Monitoring.Rules(services)]);
        files[$"base/monitoring/{Monitoring.DashboardFile}"] = ManifestPublisher.Serialize(Monitoring.Dashboard(services));
        configMaps.Add(new JsonObject
        {
            ["name"] = Monitoring.DashboardConfigMap,
            ["files"] = K8s.Strings($"monitoring/{Monitoring.DashboardFile}"),
            ["options"] = new JsonObject
            {
                // The Grafana sidecar loads every ConfigMap with this label; its name must stay stable.
                ["labels"] = new JsonObject { ["grafana_dashboard"] = "1" },
                ["disableNameSuffixHash"] = true,
            },
        });

        var kustomization = new JsonObject
        {
            ["apiVersion"] = KustomizeApi,
            ["kind"] = "Kustomization",
            ["resources"] = K8s.Strings(resources),
            ["configMapGenerator"] = configMaps,
            // Images are built with `dotnet publish -t:PublishContainer`; set the registry and tag with `kustomize edit set image`.
            ["images"] = K8s.Array(model.Resources.OfType<ProjectResource>().Select(p => new JsonObject
            {
                ["name"] = ContainerImages.Project(p.Name),
                ["newTag"] = "latest",
            })),
        };
        files["base/kustomization.yaml"] = YamlWriter.Write(kustomization);
    }

    private JsonObject EnvConfigMap(ProjectResource project) => new()
    {
        ["name"] = $"{project.Name}-env",
        ["literals"] = K8s.Strings(_projects.ConfigLiterals(project).Select(e => $"{e.Key}={e.Value}")),
    };

    private void Overlay(SortedDictionary<string, string> files, DeploymentRegion region)
    {
        var root = $"overlays/{region.Name}";
        var ns = K8s.Object("v1", "Namespace", region.Namespace, new JsonObject
        {
            [K8s.PartOfLabel] = K8s.PartOf,
            ["pod-security.kubernetes.io/enforce"] = "baseline",
            ["pod-security.kubernetes.io/warn"] = "restricted",
        });
        files[$"{root}/namespace.yaml"] = YamlWriter.Write(ns);
        var resources = new List<string> { "../../base", "namespace.yaml" };
        if (Routes().Count > 0)
        {
            files[$"{root}/ingress.yaml"] = YamlWriter.Write(Ingress(region));
            resources.Add("ingress.yaml");
        }
        files[$"{root}/alertmanager-config.yaml"] = YamlWriter.Write(Monitoring.AlertmanagerConfig(region));
        resources.Add("alertmanager-config.yaml");

        var patches = new JsonArray();
        files[$"{root}/autoscaling.yaml"] = YamlWriter.Write(model.Services.Select(p =>
            ProjectWorkloads.Autoscaler(p, region.MinReplicas, region.MaxReplicas, region.TargetCpuUtilization)));
        patches.Add(new JsonObject { ["path"] = "autoscaling.yaml" });
        if (region.Replicas.Count > 0)
        {
            files[$"{root}/replicas.yaml"] = YamlWriter.Write(region.Replicas.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r =>
            {
                var patch = K8s.Object("apps/v1", "Deployment", ((ProjectResource)model.Find(r.Key)).Name);
                patch["spec"] = new JsonObject { ["replicas"] = r.Value };
                return patch;
            }));
            patches.Add(new JsonObject { ["path"] = "replicas.yaml" });
        }

        var secretKeys = SecretKeys().ToList();
        files[$"{root}/secrets/.gitignore"] = "# Secret values are provided per region and never committed (docs/deployment.md).\n*\n!.gitignore\n!README.md\n";
        files[$"{root}/secrets/README.md"] =
            $"# Secrets of region {region.Name}\n\nOne file per key, holding only the value (no trailing newline needed).\n"
            + "`kubectl kustomize` fails until every file exists. None of them is ever committed.\n\n"
            + string.Concat(secretKeys.Select(k => $"- `{k.Key}`: {k.Description}\n"));

        var kustomization = new JsonObject
        {
            ["apiVersion"] = KustomizeApi,
            ["kind"] = "Kustomization",
            ["namespace"] = region.Namespace,
            ["labels"] = new JsonArray(new JsonObject
            {
                ["pairs"] = new JsonObject { ["loyalitybot.io/region"] = region.Name },
                ["includeSelectors"] = false,
            }),
            ["resources"] = K8s.Strings(resources),
            ["configMapGenerator"] = new JsonArray(new JsonObject
            {
                ["name"] = RegionConfigMap,
                ["literals"] = K8s.Strings(RegionSettings(region)),
            }),
            ["secretGenerator"] = new JsonArray(new JsonObject
            {
                ["name"] = KubernetesModel.SecretName,
                ["files"] = K8s.Strings(secretKeys.Select(k => $"{k.Key}=secrets/{k.Key}")),
                // The AlertmanagerConfig refers to the Secret by name, which kustomize cannot rewrite in a custom resource.
                ["options"] = new JsonObject { ["disableNameSuffixHash"] = true },
            }),
            ["patches"] = patches,
        };
        files[$"{root}/kustomization.yaml"] = YamlWriter.Write(kustomization);
    }

    /// <summary>What the services learn about their region (docs/regions.md): its name, public host and cities.</summary>
    private static IEnumerable<string> RegionSettings(DeploymentRegion region) =>
        new[] { $"Region__Name={region.Name}", $"Region__Host={region.Host}" }
            .Concat(region.Cities.Select((c, i) => string.Create(CultureInfo.InvariantCulture, $"Region__Cities__{i}={c}")));

    private IEnumerable<(string Key, string Description)> SecretKeys() =>
        model.Parameters.Select(p => (p.Name, p.Generate is { } generate
                ? string.Create(CultureInfo.InvariantCulture, $"generated password, at least {generate.MinLength} characters{(generate.Special ? "" : ", letters and digits only")}")
                : "the value of the parameter (for a bot token: from @BotFather)"))
            .Append((Monitoring.AlertBotTokenKey, "token of the bot that posts alerts to the region's ops chat"))
            .OrderBy(k => k.Item1, StringComparer.Ordinal);

    private List<IngressRoute> Routes()
    {
        foreach (var route in settings.Routes)
        {
            if (model.Find(route.Project) is not ProjectResource project || model.Jobs.Contains(project)
                || !project.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal && e.Name == "http"))
            {
                throw new InvalidOperationException($"Ingress route {route.Path} needs '{route.Project}' to be a service with an external http endpoint.");
            }
        }
        return [.. settings.Routes];
    }

    private JsonObject Ingress(DeploymentRegion region)
    {
        var ingress = K8s.Object("networking.k8s.io/v1", "Ingress", "loyalitybot", new JsonObject { [K8s.PartOfLabel] = K8s.PartOf },
            new JsonObject
            {
                // Telegram delivers webhooks over HTTPS only; cert-manager issues the region's certificate.
                ["cert-manager.io/cluster-issuer"] = "letsencrypt",
                ["nginx.ingress.kubernetes.io/proxy-body-size"] = "20m",
            });
        ingress["spec"] = new JsonObject
        {
            ["ingressClassName"] = "nginx",
            ["tls"] = new JsonArray(new JsonObject { ["hosts"] = K8s.Strings(region.Host), ["secretName"] = "loyalitybot-tls" }),
            ["rules"] = new JsonArray(new JsonObject
            {
                ["host"] = region.Host,
                ["http"] = new JsonObject
                {
                    ["paths"] = K8s.Array(Routes().Select(r => new JsonObject
                    {
                        ["path"] = r.Path,
                        ["pathType"] = "Prefix",
                        ["backend"] = new JsonObject
                        {
                            ["service"] = new JsonObject { ["name"] = r.Project, ["port"] = new JsonObject { ["name"] = "http" } },
                        },
                    })),
                },
            }),
        };
        return ingress;
    }
}
