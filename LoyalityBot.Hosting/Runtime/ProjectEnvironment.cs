using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// The environment Aspire's orchestrator gives a project replica in run mode: its references, its URL,
/// its OpenTelemetry identity and the console and forwarded-header settings.
/// </summary>
public static class ProjectEnvironment
{
    public static Dictionary<string, string> ForReplica(ProjectResource project, int replicaIndex, int port, ProjectRunSettings settings)
    {
        var environment = ResourceEnvironment.Resolve(
            ResourceEnvironment.Collect(project, new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run)));

        environment["ASPNETCORE_URLS"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        environment["ASPNETCORE_ENVIRONMENT"] = settings.EnvironmentName;
        environment["DOTNET_ENVIRONMENT"] = settings.EnvironmentName;
        environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";

        environment["OTEL_SERVICE_NAME"] = project.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = string.Create(CultureInfo.InvariantCulture, $"service.instance.id={project.Name}-{replicaIndex}");
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (settings.OtlpEndpoint is { } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = settings.OtlpProtocol;
        }
        if (settings.EnvironmentName == "Development")
        {
            // Aspire's development settings: export every second and sample everything, so the dashboard is live.
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            environment["OTEL_TRACES_SAMPLER"] = "always_on";
            environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        }
        return environment;
    }
}

/// <summary>AppHost-wide settings that shape every project's environment.</summary>
public sealed record ProjectRunSettings(string EnvironmentName, string? OtlpEndpoint, string OtlpProtocol = "http/protobuf");
