namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// The same database read through the replicas: a multi-host Npgsql connection string that spreads reads
/// over the standbys and falls back to the primary (<c>Load Balance Hosts=true;Target Session Attributes=prefer-standby</c>).
/// </summary>
public sealed class PostgresReadOnlyDatabaseResource(string name, PostgresDatabaseResource database)
    : Resource(name), IResourceWithParent, IResourceWithConnectionString, IResourceWithWaitSupport
{
    public PostgresDatabaseResource Database { get; } = database;

    public IResource Parent => Database;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var server = Database.Server;
            var replicas = server.Replicas ?? throw new InvalidOperationException(
                $"'{Name}' needs read replicas: call WithReadReplicas on '{server.Name}'.");
            var hosts = new HostListValue(replicas.Endpoints.Append(server.PrimaryEndpoint).ToList());
            return ReferenceExpression.Create(
                $"Host={hosts};Username={server.UserName};Password={server.PasswordParameter};Database={Database.DatabaseName};Load Balance Hosts=true;Target Session Attributes=prefer-standby");
        }
    }

    /// <summary>The <c>host:port,host:port</c> list of the replicas, then the primary as the fallback.</summary>
    private sealed class HostListValue(IReadOnlyList<EndpointReference> endpoints) : IValueProvider
    {
        public string ValueExpression => Join(e => $"{e.Property(EndpointProperty.Host).ValueExpression}:{e.Property(EndpointProperty.Port).ValueExpression}");

        public string? GetValue() => endpoints.All(e => e.Annotation.AllocatedEndpoint is not null)
            ? Join(e => $"{e.Property(EndpointProperty.Host).GetValue()}:{e.Property(EndpointProperty.Port).GetValue()}")
            : null;

        private string Join(Func<EndpointReference, string> render) => string.Join(',', endpoints.Select(render));
    }
}
