using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>A fresh, empty database on the real PostgreSQL primary and streaming replica the test harness starts.</summary>
internal static class TestPostgres
{
    public static async Task<(string ConnectionString, string ReadOnlyConnectionString)> CreateDatabaseAsync(string prefix, CancellationToken ct)
    {
        var database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync(prefix, ct);
        return (database.ConnectionString, database.ReadOnlyConnectionString);
    }
}
