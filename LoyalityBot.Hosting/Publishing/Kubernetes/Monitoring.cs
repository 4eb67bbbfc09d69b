using System.Text.Json.Nodes;

namespace LoyalityBot.Hosting.Publishing.Kubernetes;

/// <summary>
/// The plan's monitoring for prometheus-operator (kube-prometheus-stack): ServiceMonitors for the services'
/// <c>/metrics</c>, postgres_exporter and rabbitmq_prometheus; the alert rules; an AlertmanagerConfig that
/// sends to a Telegram chat (Alertmanager's <c>telegram_configs</c>); and a Grafana dashboard.
/// </summary>
internal static class Monitoring
{
    public const string DashboardConfigMap = "loyalitybot-dashboard";
    public const string DashboardFile = "loyalitybot-dashboard.json";
    public const string AlertBotTokenKey = "alertmanager-bot-token";

    public static IEnumerable<JsonObject> ServiceMonitors()
    {
        yield return ServiceMonitor("loyalitybot-services", "service", new JsonObject
        {
            ["port"] = "http",
            ["path"] = "/metrics",
            ["interval"] = "15s",
        });
        yield return ServiceMonitor("loyalitybot-postgres", "postgres", new JsonObject
        {
            ["port"] = "metrics",
            ["path"] = "/metrics",
            ["interval"] = "30s",
        });
        // Per-queue depth and head-message timestamps (rabbitmq_detailed_*), not just node totals.
        yield return ServiceMonitor("loyalitybot-rabbitmq", "rabbitmq", new JsonObject
        {
            ["port"] = "metrics",
            ["path"] = "/metrics/detailed",
            ["params"] = new JsonObject { ["family"] = K8s.Strings("queue_coarse_metrics", "queue_metrics") },
            ["interval"] = "30s",
        });
    }

    private static JsonObject ServiceMonitor(string name, string component, JsonObject endpoint)
    {
        var monitor = K8s.Object("monitoring.coreos.com/v1", "ServiceMonitor", name, PrometheusLabels());
        monitor["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject
            {
                ["matchLabels"] = new JsonObject { [K8s.ComponentLabel] = component, [K8s.PartOfLabel] = K8s.PartOf },
            },
            ["endpoints"] = new JsonArray(endpoint),
        };
        return monitor;
    }

    public static JsonObject Rules(IEnumerable<string> services)
    {
        var containers = ContainerPattern(services);
        var rule = K8s.Object("monitoring.coreos.com/v1", "PrometheusRule", "loyalitybot", PrometheusLabels());
        rule["spec"] = new JsonObject
        {
            ["groups"] = new JsonArray(
                Group("loyalitybot.services",
                    Alert("LoyalityBotErrorRateHigh",
                        "sum by (namespace, job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m]))"
                        + " / sum by (namespace, job) (rate(http_server_request_duration_seconds_count[5m])) > 0.01",
                        "5m", "critical", "More than 1 % of {{ $labels.job }} requests fail with 5xx."),
                    Alert("LoyalityBotLatencyP95High",
                        "histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 0.2",
                        "10m", "warning", "p95 latency of {{ $labels.job }} is above 200 ms."),
                    Alert("LoyalityBotPodRestarting",
                        $"increase(kube_pod_container_status_restarts_total{{container=~\"{containers}\"}}[15m]) > 2",
                        "0m", "warning", "{{ $labels.pod }} restarted more than twice in 15 minutes.")),
                Group("loyalitybot.queues",
                    Alert("LoyalityBotQueueGrowing",
                        "deriv(rabbitmq_detailed_queue_messages_ready[10m]) > 0 and rabbitmq_detailed_queue_messages_ready > 100",
                        "10m", "warning", "Queue {{ $labels.queue }} keeps growing."),
                    Alert("LoyalityBotQueueOldMessage",
                        "rabbitmq_detailed_queue_head_message_timestamp > 0 and time() - rabbitmq_detailed_queue_head_message_timestamp > 300",
                        "1m", "warning", "The oldest message in {{ $labels.queue }} waits for more than 5 minutes."),
                    Alert("LoyalityBotDeadLetters",
                        "rabbitmq_detailed_queue_messages{queue=~\".*(dlq|dead).*\"} > 0",
                        "1m", "critical", "Dead-letter queue {{ $labels.queue }} is not empty.")),
                Group("loyalitybot.postgres",
                    Alert("LoyalityBotReplicaLagHigh",
                        "pg_replication_lag_seconds > 10",
                        "2m", "critical", "Read replica {{ $labels.pod }} is more than 10 s behind the primary."))),
        };
        return rule;
    }

    /// <summary>Routes the region's alerts to its ops chat; the bot token comes from the region's Secret.</summary>
    public static JsonObject AlertmanagerConfig(DeploymentRegion region)
    {
        var config = K8s.Object("monitoring.coreos.com/v1alpha1", "AlertmanagerConfig", "loyalitybot-telegram", PrometheusLabels());
        config["spec"] = new JsonObject
        {
            ["route"] = new JsonObject
            {
                ["receiver"] = "telegram",
                ["groupBy"] = K8s.Strings("alertname", "namespace"),
                ["groupWait"] = "30s",
                ["groupInterval"] = "5m",
                ["repeatInterval"] = "4h",
            },
            ["receivers"] = new JsonArray(new JsonObject
            {
                ["name"] = "telegram",
                ["telegramConfigs"] = new JsonArray(new JsonObject
                {
                    ["botToken"] = new JsonObject { ["name"] = KubernetesModel.SecretName, ["key"] = AlertBotTokenKey },
                    ["chatID"] = region.AlertChatId,
                    ["parseMode"] = "HTML",
                    ["sendResolved"] = true,
                }),
            }),
        };
        return config;
    }

    /// <summary>The services' container names as a PromQL regex (cAdvisor and kube-state-metrics label by container).</summary>
    private static string ContainerPattern(IEnumerable<string> services) => string.Join('|', services);

    private static JsonObject PrometheusLabels() => new()
    {
        [K8s.PartOfLabel] = K8s.PartOf,
        [K8s.PrometheusSelector.Key] = K8s.PrometheusSelector.Value,
    };

    private static JsonObject Group(string name, params JsonObject[] rules) => new()
    {
        ["name"] = name,
        ["rules"] = K8s.Array(rules),
    };

    private static JsonObject Alert(string name, string expression, string duration, string severity, string summary) => new()
    {
        ["alert"] = name,
        ["expr"] = expression,
        ["for"] = duration,
        ["labels"] = new JsonObject { ["severity"] = severity },
        ["annotations"] = new JsonObject { ["summary"] = summary },
    };

    /// <summary>The plan's dashboard: CPU and memory, requests/s, latency, errors, queue size (and replica lag).</summary>
    public static JsonObject Dashboard(IEnumerable<string> services)
    {
        var containers = ContainerPattern(services);
        var panels = new (string Title, string Unit, string Expression, string Legend)[]
        {
            ("CPU (cores)", "none", $"sum by (pod) (rate(container_cpu_usage_seconds_total{{container=~\"{containers}\"}}[5m]))", "{{pod}}"),
            ("Memory", "bytes", $"sum by (pod) (container_memory_working_set_bytes{{container=~\"{containers}\"}})", "{{pod}}"),
            ("Requests/s", "reqps", "sum by (job) (rate(http_server_request_duration_seconds_count[1m]))", "{{job}}"),
            ("Latency p95", "s", "histogram_quantile(0.95, sum by (job, le) (rate(http_server_request_duration_seconds_bucket[5m])))", "{{job}}"),
            ("Errors (5xx share)", "percentunit",
                "sum by (job) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m])) / sum by (job) (rate(http_server_request_duration_seconds_count[5m]))",
                "{{job}}"),
            ("Queue size (ready)", "none", "sum by (queue) (rabbitmq_detailed_queue_messages_ready)", "{{queue}}"),
            ("Replica lag", "s", "max by (pod) (pg_replication_lag_seconds)", "{{pod}}"),
        };
        return new JsonObject
        {
            ["uid"] = "loyalitybot",
            ["title"] = "LoyalityBot",
            ["tags"] = K8s.Strings("loyalitybot"),
            ["timezone"] = "utc",
            ["schemaVersion"] = 39,
            ["refresh"] = "30s",
            ["time"] = new JsonObject { ["from"] = "now-6h", ["to"] = "now" },
            ["templating"] = new JsonObject
            {
                ["list"] = new JsonArray(new JsonObject
                {
                    ["name"] = "datasource",
                    ["type"] = "datasource",
                    ["query"] = "prometheus",
                }),
            },
            ["panels"] = K8s.Array(panels.Select((p, i) => new JsonObject
            {
                ["id"] = i + 1,
                ["type"] = "timeseries",
                ["title"] = p.Title,
                ["datasource"] = new JsonObject { ["type"] = "prometheus", ["uid"] = "${datasource}" },
                ["gridPos"] = new JsonObject { ["h"] = 8, ["w"] = 12, ["x"] = i % 2 * 12, ["y"] = i / 2 * 8 },
                ["fieldConfig"] = new JsonObject { ["defaults"] = new JsonObject { ["unit"] = p.Unit }, ["overrides"] = new JsonArray() },
                ["targets"] = new JsonArray(new JsonObject
                {
                    ["refId"] = "A",
                    ["expr"] = p.Expression,
                    ["legendFormat"] = p.Legend,
                }),
            })),
        };
    }
}
