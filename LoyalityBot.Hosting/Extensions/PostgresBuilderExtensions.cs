using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting;

public static class PostgresBuilderExtensions
{
    /// <summary>A PostgreSQL server, user <c>postgres</c>, scram authentication, generated password (Aspire's AddPostgres).</summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null)
    {
        var postgres = new PostgresServerResource(name, password?.Resource ?? builder.AddGeneratedPassword(name, special: true));
        return builder.AddResource(postgres)
            .WithAnnotation(new EndpointAnnotation(PostgresServerResource.PrimaryEndpointName, "tcp", "tcp", PostgresServerResource.DefaultPort));
    }

    /// <summary>A database on the server, created when the server first becomes healthy (Aspire's AddDatabase).</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }

    /// <summary>
    /// <paramref name="count"/> hot standbys streaming from this server, as the resource <c>{name}-replicas</c>
    /// (Aspire has no replica support yet: microsoft/aspire#4357 proposes it).
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> WithReadReplicas(this IResourceBuilder<PostgresServerResource> server, int count)
    {
        if (server.Resource.Replicas is not null)
        {
            throw new InvalidOperationException($"'{server.Resource.Name}' already has read replicas.");
        }
        var replicas = new PostgresReplicasResource($"{server.Resource.Name}-replicas", server.Resource, count);
        server.Resource.Replicas = replicas;
        var replicasBuilder = server.ApplicationBuilder.AddResource(replicas);
        for (var i = 0; i < count; i++)
        {
            replicasBuilder.WithAnnotation(new EndpointAnnotation(PostgresReplicasResource.EndpointNameOf(i), "tcp", "tcp", PostgresServerResource.DefaultPort));
        }
        return server;
    }

    /// <summary>The database read through the replicas, for lists, catalogs and analytics (<c>ConnectionStrings__{name}</c>).</summary>
    public static IResourceBuilder<PostgresReadOnlyDatabaseResource> AddReadOnlyDatabase(this IResourceBuilder<PostgresDatabaseResource> database, string name) =>
        database.ApplicationBuilder.AddResource(new PostgresReadOnlyDatabaseResource(name, database.Resource));
}
