namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>A PostgreSQL primary with scram authentication and, optionally, streaming read replicas.</summary>
public sealed class PostgresServerResource(string name, ParameterResource password)
    : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public const string PrimaryEndpointName = "tcp";
    public const int DefaultPort = 5432;

    /// <summary>The user the connection string names (Aspire's default).</summary>
    public string UserName { get; } = "postgres";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, PrimaryEndpointName);

    /// <summary>The streaming replicas, when <c>WithReadReplicas</c> was called.</summary>
    public PostgresReplicasResource? Replicas { get; internal set; }

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>Aspire's format: <c>Host=…;Port=…;Username=postgres;Password=…</c>.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}
