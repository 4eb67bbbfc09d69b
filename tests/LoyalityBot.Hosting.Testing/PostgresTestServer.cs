using Npgsql;

namespace LoyalityBot.Hosting.Testing;

/// <summary>A shared PostgreSQL primary with a streaming replica; each test class takes a database of its own.</summary>
public sealed class PostgresTestServer(string connectionString, string readOnlyConnectionString)
{
    /// <summary>Server-level connection to the primary (database <c>postgres</c>).</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>The replica first, the primary as fallback (the AppHost's <c>loyalty-readonly</c> form), database <c>postgres</c>.</summary>
    public string ReadOnlyConnectionString { get; } = readOnlyConnectionString;

    /// <summary>A new empty database with a unique name, returned once the replica has it too.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string namePrefix, CancellationToken cancellationToken = default)
    {
        var prefix = new string([.. namePrefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);
        var name = $"{prefix[..Math.Min(prefix.Length, 30)]}_{Guid.NewGuid():N}"; // at most 63 characters, Postgres' limit
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var database = new TestDatabase(name, WithDatabase(ConnectionString, name), WithDatabase(ReadOnlyConnectionString, name));
        await WaitForReplicaAsync(database, cancellationToken);
        return database;
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    /// <summary>Streaming replication is asynchronous: wait until a standby accepts connections to the new database.</summary>
    private static async Task WaitForReplicaAsync(TestDatabase database, CancellationToken cancellationToken)
    {
        var standbyOnly = new NpgsqlConnectionStringBuilder(database.ReadOnlyConnectionString)
        {
            TargetSessionAttributes = "standby",
            Pooling = false,
        }.ConnectionString;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(standbyOnly);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName && attempt < 100)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}

/// <summary>A database for one test class: the primary and the read-only (replica) connection strings.</summary>
public sealed record TestDatabase(string Name, string ConnectionString, string ReadOnlyConnectionString);
