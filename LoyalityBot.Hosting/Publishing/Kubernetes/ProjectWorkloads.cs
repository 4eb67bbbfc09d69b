using System.Globalization;
using System.Text.Json.Nodes;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// A project as Kubernetes runs it: a Deployment (replicas from the app model) with its Service, HPA and PDB,
/// or, for a project others wait for with WaitForCompletion, a Job. Plain settings go to a generated
/// ConfigMap (<c>{name}-env</c>); values built from secrets stay in the pod spec as <c>$(SECRET_…)</c> references.
/// </summary>
internal sealed class ProjectWorkloads(KubernetesModel model)
{
    /// <summary>The .NET container images' non-root user (<c>app</c>, uid 1654).</summary>
    private const int AppUser = 1654;

    /// <summary>The host's shutdown timeout we give each service (HostOptions.ShutdownTimeout, 30 s by default).</summary>
    public const int ShutdownTimeoutSeconds = 30;

    /// <summary>Time for the endpoint controller and the ingress to stop sending new requests before shutdown starts.</summary>
    public const int PreStopDelaySeconds = 5;

    public const string WaitForJobsServiceAccount = "wait-for-jobs";

    /// <summary>The plan's sizing: 256Mi/100m requests, 512Mi/500m limits.</summary>
    public static JsonObject AppResources() => K8s.Resources("100m", "256Mi", "500m", "512Mi");

    /// <summary>The ConfigMap literals of a project: Aspire's injected settings plus every model value without a secret.</summary>
    public SortedDictionary<string, string> ConfigLiterals(ProjectResource project)
    {
        var literals = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["HTTP_PORTS"] = KubernetesModel.ProjectHttpPort.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_SHUTDOWNTIMEOUTSECONDS"] = ShutdownTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in Environment(project).Where(e => e.Value.Secrets.Count == 0))
        {
            literals[name] = value.Value;
        }
        return literals;
    }

    public IEnumerable<JsonObject> Deployment(ProjectResource project)
    {
        var name = project.Name;
        var labels = K8s.Labels(name, "service");
        var deployment = K8s.Object("apps/v1", "Deployment", name, labels.DeepClone().AsObject());
        deployment["spec"] = new JsonObject
        {
            ["replicas"] = project.Replicas,
            ["revisionHistoryLimit"] = 5,
            ["selector"] = new JsonObject { ["matchLabels"] = K8s.Selector(name) },
            ["strategy"] = new JsonObject
            {
                ["type"] = "RollingUpdate",
                ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1, ["maxUnavailable"] = 0 },
            },
            ["template"] = PodTemplate(project, labels, isJob: false),
        };
        yield return deployment;
        yield return K8s.Service(name, name, "service", [K8s.ServicePort("http", KubernetesModel.ProjectHttpPort)]);
        yield return Autoscaler(project);
        yield return DisruptionBudget(project);
    }

    /// <summary>The plan's autoscaling (2–10 replicas at 70 % CPU); each region's overlay patches its own bounds.</summary>
    public static JsonObject Autoscaler(ProjectResource project, int minReplicas = 2, int maxReplicas = 10, int targetCpu = 70)
    {
        var hpa = K8s.Object("autoscaling/v2", "HorizontalPodAutoscaler", project.Name, K8s.Labels(project.Name, "service"));
        hpa["spec"] = new JsonObject
        {
            ["scaleTargetRef"] = new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = project.Name },
            ["minReplicas"] = minReplicas,
            ["maxReplicas"] = Math.Max(maxReplicas, project.Replicas),
            ["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = targetCpu },
                },
            }),
        };
        return hpa;
    }

    private static JsonObject DisruptionBudget(ProjectResource project)
    {
        var pdb = K8s.Object("policy/v1", "PodDisruptionBudget", project.Name, K8s.Labels(project.Name, "service"));
        pdb["spec"] = new JsonObject
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = K8s.Selector(project.Name) },
        };
        return pdb;
    }

    public JsonObject Job(ProjectResource project)
    {
        var labels = K8s.Labels(project.Name, "job");
        var job = K8s.Object("batch/v1", "Job", project.Name, labels.DeepClone().AsObject());
        job["spec"] = new JsonObject
        {
            ["backoffLimit"] = 6,
            ["activeDeadlineSeconds"] = 1800,
            ["template"] = PodTemplate(project, labels, isJob: true),
        };
        return job;
    }

    /// <summary>Lets the services' init containers read the Jobs they wait for (<c>kubectl wait</c>), and nothing else.</summary>
    public static IEnumerable<JsonObject> WaitForJobsAccess()
    {
        var labels = K8s.Labels(WaitForJobsServiceAccount, "rbac");
        yield return K8s.Object("v1", "ServiceAccount", WaitForJobsServiceAccount, labels.DeepClone().AsObject());
        var role = K8s.Object("rbac.authorization.k8s.io/v1", "Role", WaitForJobsServiceAccount, labels.DeepClone().AsObject());
        role["rules"] = new JsonArray(new JsonObject
        {
            ["apiGroups"] = K8s.Strings("batch"),
            ["resources"] = K8s.Strings("jobs"),
            ["verbs"] = K8s.Strings("get", "list", "watch"),
        });
        yield return role;
        var binding = K8s.Object("rbac.authorization.k8s.io/v1", "RoleBinding", WaitForJobsServiceAccount, labels.DeepClone().AsObject());
        binding["roleRef"] = new JsonObject
        {
            ["apiGroup"] = "rbac.authorization.k8s.io",
            ["kind"] = "Role",
            ["name"] = WaitForJobsServiceAccount,
        };
        binding["subjects"] = new JsonArray(new JsonObject { ["kind"] = "ServiceAccount", ["name"] = WaitForJobsServiceAccount });
        yield return binding;
    }

    private JsonObject PodTemplate(ProjectResource project, JsonObject labels, bool isJob)
    {
        var jobsToWaitFor = project.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource.Name).Distinct().ToList();
        var spec = new JsonObject();
        if (jobsToWaitFor.Count > 0)
        {
            spec["serviceAccountName"] = WaitForJobsServiceAccount;
        }
        else
        {
            spec["automountServiceAccountToken"] = false;
        }
        if (isJob)
        {
            spec["restartPolicy"] = "Never";
        }
        else
        {
            spec["terminationGracePeriodSeconds"] = ShutdownTimeoutSeconds + PreStopDelaySeconds + 5;
        }
        spec["securityContext"] = K8s.PodSecurity(AppUser);
        var initContainers = jobsToWaitFor.Select(WaitForJob).Concat(isJob ? WaitForPostgres(project) : []).ToList();
        if (initContainers.Count > 0)
        {
            spec["initContainers"] = K8s.Array(initContainers);
        }
        spec["containers"] = new JsonArray(Container(project, isJob));
        spec["volumes"] = new JsonArray(new JsonObject { ["name"] = "tmp", ["emptyDir"] = new JsonObject() });
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels },
            ["spec"] = spec,
        };
    }

    private JsonObject Container(ProjectResource project, bool isJob)
    {
        var container = new JsonObject
        {
            ["name"] = project.Name,
            ["image"] = ContainerImages.Project(project.Name),
        };
        if (!isJob)
        {
            container["ports"] = new JsonArray(K8s.Port("http", KubernetesModel.ProjectHttpPort));
        }
        container["envFrom"] = new JsonArray(
            new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = $"{project.Name}-env" } },
            new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = KustomizeLayout.RegionConfigMap } });
        var secretValues = Environment(project).Where(e => e.Value.Secrets.Count > 0).ToList();
        if (secretValues.Count > 0)
        {
            // Secrets first: Kubernetes expands $(NAME) only from variables defined earlier in the list.
            var secrets = secretValues.SelectMany(e => e.Value.Secrets).DistinctBy(p => p.Name).OrderBy(p => p.Name, StringComparer.Ordinal);
            container["env"] = K8s.Array(
                secrets.Select(p => K8s.SecretEnv(KubernetesModel.SecretEnvironmentName(p), p.Name))
                    .Concat(secretValues.Select(e => K8s.Env(e.Key, e.Value.Value))));
        }
        container["resources"] = AppResources();
        if (!isJob)
        {
            // Liveness: the process answers (/alive); readiness: every dependency answers (/health).
            container["startupProbe"] = K8s.HttpProbe("/alive", periodSeconds: 2, failureThreshold: 60);
            container["livenessProbe"] = K8s.HttpProbe("/alive", periodSeconds: 10, failureThreshold: 3);
            container["readinessProbe"] = K8s.HttpProbe(
                project.Annotations.OfType<HttpHealthCheckAnnotation>().LastOrDefault()?.Path ?? "/health", periodSeconds: 5, failureThreshold: 3);
            container["lifecycle"] = new JsonObject
            {
                ["preStop"] = new JsonObject { ["sleep"] = new JsonObject { ["seconds"] = PreStopDelaySeconds } },
            };
        }
        container["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: true);
        container["volumeMounts"] = new JsonArray(K8s.Mount("tmp", "/tmp"));
        return container;
    }

    /// <summary>Waits until the Job has completed; the kubelet retries it (with back-off) until then.</summary>
    private static JsonObject WaitForJob(string job) => new()
    {
        ["name"] = $"wait-for-{job}",
        ["image"] = ContainerImages.Kubectl,
        ["args"] = K8s.Strings("wait", "--for=condition=complete", $"job/{job}", "--timeout=300s"),
        // kubectl keeps its discovery cache under $HOME; the root filesystem is read-only.
        ["env"] = new JsonArray(K8s.Env("HOME", "/tmp")),
        ["resources"] = K8s.Resources("10m", "32Mi", "100m", "64Mi"),
        ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: true),
        ["volumeMounts"] = new JsonArray(K8s.Mount("tmp", "/tmp")),
    };

    /// <summary>A Job that waits for a database does not burn its retries while the server starts: pg_isready first.</summary>
    private static IEnumerable<JsonObject> WaitForPostgres(ProjectResource project) =>
        project.Annotations.OfType<WaitAnnotation>()
            .Where(w => w.WaitType == WaitType.WaitUntilHealthy)
            .Select(w => w.Resource switch
            {
                PostgresDatabaseResource database => database.Server,
                PostgresServerResource server => server,
                _ => null,
            })
            .OfType<PostgresServerResource>().DistinctBy(s => s.Name)
            .Select(server => new JsonObject
            {
                ["name"] = $"wait-for-{server.Name}",
                ["image"] = ContainerImages.Postgres,
                ["command"] = K8s.Strings("/bin/sh", "-c",
                    $"until pg_isready -h {KubernetesModel.PrimaryServiceName(server)} -p {PostgresServerResource.DefaultPort}; do sleep 2; done"),
                ["resources"] = K8s.Resources("10m", "32Mi", "100m", "64Mi"),
                ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: true),
            });

    private IEnumerable<KeyValuePair<string, ResolvedValue>> Environment(ProjectResource project) =>
        ModelQueries.EnvironmentExpressions(project).Select(e => KeyValuePair.Create(e.Key, model.Resolve(e.Value)));
}
