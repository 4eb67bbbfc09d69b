using Npgsql;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>A fresh, empty database on a real PostgreSQL server for each test class that asks.</summary>
internal static class TestPostgres
{
    private const string DevServer = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    public static async Task<(string ConnectionString, string ReadOnlyConnectionString)> CreateDatabaseAsync(string prefix, CancellationToken ct)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var server = NpgsqlDataSource.Create(DevServer))
        await using (var create = server.CreateCommand($"CREATE DATABASE \"{name}\""))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        var connectionString = new NpgsqlConnectionStringBuilder(DevServer) { Database = name }.ConnectionString;
        return (connectionString, connectionString + ";Target Session Attributes=prefer-standby;Load Balance Hosts=true");
    }
}
