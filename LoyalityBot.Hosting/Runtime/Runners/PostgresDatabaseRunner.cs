using LoyalityBot.Hosting.ApplicationModel;
using Npgsql;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>Creates the database on its server once the server is healthy (as Aspire does since 9.0).</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database, RuntimeServices services) : ResourceRunner(database, services)
{
    public override string Type => "PostgreSQL database";

    protected override async Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        OwnState = KnownResourceStates.Starting;
        // No pooling: a pooled connection could belong to an earlier run of the same server in this process.
        var admin = new NpgsqlConnectionStringBuilder(database.Server.ConnectionStringExpression.GetValue()) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database.DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            // Identifiers cannot be parameters; the name was validated as a resource-like name.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            Log.Write(database.Name, $"created database {database.DatabaseName}");
        }
        OwnState = KnownResourceStates.Running;
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresPrograms.CheckAsync(database.ConnectionStringExpression.GetValue()!, expectStandby: false, cancellationToken);
}

/// <summary>The read-only view of a database: healthy once a standby serves it through the multi-host connection string.</summary>
internal sealed class PostgresReadOnlyDatabaseRunner(PostgresReadOnlyDatabaseResource database, RuntimeServices services) : ResourceRunner(database, services)
{
    public override string Type => "PostgreSQL read-only database";

    protected override Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        OwnState = KnownResourceStates.Running;
        return Task.CompletedTask;
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresPrograms.CheckAsync(database.ConnectionStringExpression.GetValue()!, expectStandby: true, cancellationToken);
}
