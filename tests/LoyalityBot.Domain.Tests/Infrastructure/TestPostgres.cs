using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database on the real PostgreSQL primary and streaming replica the test harness starts. Waiting for a
/// pooled connection may take up to a minute instead of Npgsql's 15 s: the concurrency tests queue 1,000 operations on
/// a pool of 40, and on a machine shared at load averages above 100 they can wait longer than 15 s without any fault.
/// </summary>
internal static class TestPostgres
{
    public static async Task<(string ConnectionString, string ReadOnlyConnectionString)> CreateDatabaseAsync(string prefix, CancellationToken ct)
    {
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync(prefix, ct);
        return (WithPoolWait(database.ConnectionString), WithPoolWait(database.ReadOnlyConnectionString));
    }

    private static string WithPoolWait(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = 60 }.ConnectionString;
}
