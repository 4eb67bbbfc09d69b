using System.Text.Json.Nodes;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>Small builders for the Kubernetes objects every part of the output uses, with the same labels everywhere.</summary>
internal static class K8s
{
    public const string PartOf = "loyalitybot";
    public const string NameLabel = "app.kubernetes.io/name";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    /// <summary>The label kube-prometheus-stack's Prometheus selects ServiceMonitors and rules by (its default release name).</summary>
    public static readonly (string Key, string Value) PrometheusSelector = ("release", "kube-prometheus-stack");

    public static JsonObject Labels(string name, string component) => new()
    {
        [NameLabel] = name,
        [ComponentLabel] = component,
        [PartOfLabel] = PartOf,
    };

    public static JsonObject Selector(string name) => new() { [NameLabel] = name };

    public static JsonObject Object(string apiVersion, string kind, string name, JsonObject? labels = null, JsonObject? annotations = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = labels;
        }
        if (annotations is not null)
        {
            metadata["annotations"] = annotations;
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata };
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static JsonArray Strings(params IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)i)]);

    public static JsonObject Resources(string cpuRequest, string memoryRequest, string cpuLimit, string memoryLimit) => new()
    {
        ["requests"] = new JsonObject { ["cpu"] = cpuRequest, ["memory"] = memoryRequest },
        ["limits"] = new JsonObject { ["cpu"] = cpuLimit, ["memory"] = memoryLimit },
    };

    public static JsonObject SecretEnv(string name, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject
        {
            ["secretKeyRef"] = new JsonObject { ["name"] = KubernetesModel.SecretName, ["key"] = key },
        },
    };

    public static JsonObject Env(string name, string value) => new() { ["name"] = name, ["value"] = value };

    public static JsonObject Port(string name, int port) => new() { ["name"] = name, ["containerPort"] = port, ["protocol"] = "TCP" };

    public static JsonObject ServicePort(string name, int port) => new()
    {
        ["name"] = name,
        ["port"] = port,
        ["targetPort"] = name,
        ["protocol"] = "TCP",
    };

    public static JsonObject Service(string name, string selector, string component, IEnumerable<JsonObject> ports, bool headless = false)
    {
        var service = Object("v1", "Service", name, Labels(selector, component));
        var spec = new JsonObject();
        if (headless)
        {
            spec["clusterIP"] = "None";
            spec["publishNotReadyAddresses"] = false;
        }
        spec["selector"] = Selector(selector);
        spec["ports"] = Array(ports);
        service["spec"] = spec;
        return service;
    }

    /// <summary>A non-root pod with the runtime's default seccomp profile; <paramref name="user"/> also owns mounted volumes.</summary>
    public static JsonObject PodSecurity(int user) => new()
    {
        ["runAsNonRoot"] = true,
        ["runAsUser"] = user,
        ["runAsGroup"] = user,
        ["fsGroup"] = user,
        ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
    };

    public static JsonObject ContainerSecurity(bool readOnlyRoot) => new()
    {
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = readOnlyRoot,
        ["capabilities"] = new JsonObject { ["drop"] = Strings("ALL") },
    };

    public static JsonObject ExecProbe(int periodSeconds, int failureThreshold, params string[] command) => new()
    {
        ["exec"] = new JsonObject { ["command"] = Strings(command) },
        ["periodSeconds"] = periodSeconds,
        ["timeoutSeconds"] = 5,
        ["failureThreshold"] = failureThreshold,
    };

    public static JsonObject HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        ["httpGet"] = new JsonObject { ["path"] = path, ["port"] = "http" },
        ["periodSeconds"] = periodSeconds,
        ["timeoutSeconds"] = 3,
        ["failureThreshold"] = failureThreshold,
    };

    public static JsonObject VolumeClaim(string name, string size) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["accessModes"] = Strings("ReadWriteOnce"),
            ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = size } },
        },
    };

    public static JsonObject Mount(string name, string path, bool readOnly = false)
    {
        var mount = new JsonObject { ["name"] = name, ["mountPath"] = path };
        if (readOnly)
        {
            mount["readOnly"] = true;
        }
        return mount;
    }
}
