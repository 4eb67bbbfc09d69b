namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>A database on a PostgreSQL server: <c>{postgres.connectionString};Database=loyalty</c>.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithParent, IResourceWithConnectionString, IResourceWithWaitSupport
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = parent;

    public IResource Parent => Server;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Server};Database={DatabaseName}");
}
