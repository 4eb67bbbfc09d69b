namespace LoyalityBot.Hosting.Publishing;

/// <summary>The images the publishers deploy for the servers the AppHost runs locally (Aspire 13's tags).</summary>
internal static class ContainerImages
{
    public const string Postgres = "docker.io/library/postgres:17.6";
    public const string Redis = "docker.io/library/redis:8.6";
    public const string RabbitMQ = "docker.io/library/rabbitmq:4.2";
    public const string PostgresExporter = "quay.io/prometheuscommunity/postgres-exporter:v0.17.1";
    public const string Kubectl = "registry.k8s.io/kubectl:v1.33.0";

    /// <summary>The image a project is published as (<c>dotnet publish -t:PublishContainer</c>); kustomize sets registry and tag.</summary>
    public static string Project(string name) => $"loyalitybot/{name}";
}
