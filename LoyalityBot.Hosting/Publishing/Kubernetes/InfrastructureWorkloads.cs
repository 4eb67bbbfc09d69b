using System.Text.Json.Nodes;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// The servers of a region, each a StatefulSet with a persistent volume: the Postgres primary (Service
/// <c>postgres-primary</c>) and its streaming standbys (headless Service <c>postgres-replicas</c>, one DNS name
/// per standby), Redis with AOF persistence and RabbitMQ. Postgres pods carry a postgres_exporter sidecar for
/// the replica-lag alert; RabbitMQ exports its own metrics (rabbitmq_prometheus, port 15692).
/// </summary>
internal static class InfrastructureWorkloads
{
    /// <summary>The uid the postgres, redis and rabbitmq images run their server as.</summary>
    private const int ServerUser = 999;

    public const int PostgresExporterPort = 9187;
    public const int RabbitMQMetricsPort = 15692;
    public const string PostgresScriptsConfigMap = "postgres-scripts";
    private const string PgData = "/var/lib/postgresql/data/pgdata";

    public static IEnumerable<JsonObject> For(IResource resource) => resource switch
    {
        PostgresServerResource postgres => Postgres(postgres),
        PostgresReplicasResource replicas => Standbys(replicas),
        RedisResource redis => Redis(redis),
        RabbitMQServerResource rabbit => RabbitMQ(rabbit),
        _ => [],
    };

    /// <summary>The ConfigMap files the Postgres pods mount: init scripts for the primary, the start script of the standbys.</summary>
    public static SortedDictionary<string, string> PostgresScriptFiles(PostgresServerResource postgres) => new(StringComparer.Ordinal)
    {
        ["10-replication.sh"] = PostgresScripts.AllowReplication,
        ["20-databases.sh"] = PostgresScripts.CreateDatabases(postgres.Databases.Select(d => d.DatabaseName)),
        ["standby.sh"] = PostgresScripts.StartStandby,
    };

    private static IEnumerable<JsonObject> Postgres(PostgresServerResource postgres)
    {
        var password = K8s.SecretEnv("POSTGRES_PASSWORD", postgres.PasswordParameter.Name);
        var container = PostgresContainer(
            [
                K8s.Env("POSTGRES_USER", postgres.UserName),
                password,
                K8s.Env("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256"),
                K8s.Env("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=scram-sha-256"),
                K8s.Env("PGDATA", PgData),
            ],
            "/docker-entrypoint-initdb.d");
        var primary = KubernetesModel.PrimaryServiceName(postgres);
        yield return StatefulSet(postgres.Name, primary, 1, [container, PostgresExporter(postgres.PasswordParameter)], "10Gi",
            ScriptsVolume(["10-replication.sh", "20-databases.sh"]));
        yield return K8s.Service(primary, postgres.Name, "postgres",
            [K8s.ServicePort("tcp", PostgresServerResource.DefaultPort), K8s.ServicePort("metrics", PostgresExporterPort)]);
    }

    private static IEnumerable<JsonObject> Standbys(PostgresReplicasResource replicas)
    {
        var primary = replicas.Primary;
        var container = PostgresContainer(
            [
                K8s.Env("PRIMARY_HOST", KubernetesModel.PrimaryServiceName(primary)),
                K8s.Env("PRIMARY_PORT", PostgresServerResource.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                K8s.SecretEnv("PGPASSWORD", primary.PasswordParameter.Name),
                K8s.Env("PGDATA", PgData),
            ],
            "/scripts");
        container["command"] = K8s.Strings("/bin/sh", "/scripts/standby.sh");
        yield return StatefulSet(replicas.Name, replicas.Name, replicas.Count, [container, PostgresExporter(primary.PasswordParameter)], "10Gi",
            ScriptsVolume(["standby.sh"]));
        // Headless: each standby gets its own DNS name (postgres-replicas-0.postgres-replicas), so that Npgsql
        // balances and fails over per server instead of through one virtual IP.
        yield return K8s.Service(replicas.Name, replicas.Name, "postgres",
            [K8s.ServicePort("tcp", PostgresServerResource.DefaultPort), K8s.ServicePort("metrics", PostgresExporterPort)], headless: true);
    }

    private static IEnumerable<JsonObject> Redis(RedisResource redis)
    {
        var container = new JsonObject
        {
            ["name"] = "redis",
            ["image"] = ContainerImages.Redis,
            ["args"] = K8s.Strings("redis-server", "--requirepass", "$(REDIS_PASSWORD)", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", "/data"),
            ["env"] = new JsonArray(K8s.SecretEnv("REDIS_PASSWORD", redis.PasswordParameter.Name)),
            ["ports"] = new JsonArray(K8s.Port("tcp", RedisResource.DefaultPort)),
            ["resources"] = K8s.Resources("100m", "256Mi", "500m", "512Mi"),
            ["readinessProbe"] = K8s.ExecProbe(5, 3, "/bin/sh", "-c", "redis-cli --no-auth-warning -a \"$REDIS_PASSWORD\" ping | grep -q PONG"),
            ["livenessProbe"] = new JsonObject
            {
                ["tcpSocket"] = new JsonObject { ["port"] = "tcp" },
                ["periodSeconds"] = 15,
                ["failureThreshold"] = 3,
            },
            ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: true),
            ["volumeMounts"] = new JsonArray(K8s.Mount("data", "/data")),
        };
        yield return StatefulSet(redis.Name, redis.Name, 1, [container], "2Gi");
        yield return K8s.Service(redis.Name, redis.Name, "redis", [K8s.ServicePort("tcp", RedisResource.DefaultPort)]);
    }

    private static IEnumerable<JsonObject> RabbitMQ(RabbitMQServerResource rabbit)
    {
        var container = new JsonObject
        {
            ["name"] = "rabbitmq",
            ["image"] = ContainerImages.RabbitMQ,
            ["env"] = K8s.Array([
                K8s.Env("RABBITMQ_DEFAULT_USER", rabbit.UserName),
                K8s.SecretEnv("RABBITMQ_DEFAULT_PASS", rabbit.PasswordParameter.Name),
            ]),
            ["ports"] = new JsonArray(K8s.Port("tcp", RabbitMQServerResource.DefaultPort), K8s.Port("metrics", RabbitMQMetricsPort)),
            ["resources"] = K8s.Resources("250m", "512Mi", "1", "1Gi"),
            ["readinessProbe"] = K8s.ExecProbe(10, 3, "rabbitmq-diagnostics", "-q", "check_port_connectivity"),
            ["livenessProbe"] = K8s.ExecProbe(30, 3, "rabbitmq-diagnostics", "-q", "ping"),
            ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: false),
            ["volumeMounts"] = new JsonArray(K8s.Mount("data", "/var/lib/rabbitmq")),
        };
        yield return StatefulSet(rabbit.Name, rabbit.Name, 1, [container], "5Gi");
        yield return K8s.Service(rabbit.Name, rabbit.Name, "rabbitmq",
            [K8s.ServicePort("tcp", RabbitMQServerResource.DefaultPort), K8s.ServicePort("metrics", RabbitMQMetricsPort)]);
    }

    private static JsonObject PostgresContainer(JsonObject[] env, string scriptsPath) => new()
    {
        ["name"] = "postgres",
        ["image"] = ContainerImages.Postgres,
        ["env"] = K8s.Array(env),
        ["ports"] = new JsonArray(K8s.Port("tcp", PostgresServerResource.DefaultPort)),
        ["resources"] = K8s.Resources("250m", "512Mi", "1", "1Gi"),
        ["readinessProbe"] = PgIsReady(5),
        ["livenessProbe"] = PgIsReady(15),
        ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: false),
        ["volumeMounts"] = new JsonArray(
            K8s.Mount("data", "/var/lib/postgresql/data"),
            K8s.Mount("scripts", scriptsPath, readOnly: true)),
    };

    private static JsonObject PostgresExporter(ParameterResource password) => new()
    {
        ["name"] = "postgres-exporter",
        ["image"] = ContainerImages.PostgresExporter,
        ["env"] = K8s.Array([
            K8s.Env("DATA_SOURCE_URI", "127.0.0.1:5432/postgres?sslmode=disable"),
            K8s.Env("DATA_SOURCE_USER", "postgres"),
            K8s.SecretEnv("DATA_SOURCE_PASS", password.Name),
        ]),
        ["ports"] = new JsonArray(K8s.Port("metrics", PostgresExporterPort)),
        ["resources"] = K8s.Resources("10m", "32Mi", "100m", "64Mi"),
        ["securityContext"] = K8s.ContainerSecurity(readOnlyRoot: true),
    };

    private static JsonObject PgIsReady(int periodSeconds) =>
        K8s.ExecProbe(periodSeconds, 3, "pg_isready", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres");

    private static JsonObject ScriptsVolume(IEnumerable<string> files) => new()
    {
        ["name"] = "scripts",
        ["configMap"] = new JsonObject
        {
            ["name"] = PostgresScriptsConfigMap,
            ["defaultMode"] = 365, // 0555
            ["items"] = K8s.Array(files.Select(f => new JsonObject { ["key"] = f, ["path"] = f })),
        },
    };

    private static JsonObject StatefulSet(string name, string serviceName, int replicas, IEnumerable<JsonObject> containers, string storage, JsonObject? volume = null)
    {
        var labels = K8s.Labels(name, "server");
        var set = K8s.Object("apps/v1", "StatefulSet", name, labels.DeepClone().AsObject());
        var pod = new JsonObject
        {
            ["automountServiceAccountToken"] = false,
            ["terminationGracePeriodSeconds"] = 60,
            ["securityContext"] = K8s.PodSecurity(ServerUser),
            ["containers"] = K8s.Array(containers),
        };
        if (volume is not null)
        {
            pod["volumes"] = new JsonArray(volume);
        }
        set["spec"] = new JsonObject
        {
            ["serviceName"] = serviceName,
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = K8s.Selector(name) },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels }, ["spec"] = pod },
            ["volumeClaimTemplates"] = new JsonArray(K8s.VolumeClaim("data", storage)),
        };
        return set;
    }
}
