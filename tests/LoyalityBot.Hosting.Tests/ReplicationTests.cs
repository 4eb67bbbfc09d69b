using LoyalityBot.Hosting.Testing;
using Npgsql;

namespace LoyalityBot.Hosting.Tests;

[Collection(StackCollection.Name)] // starts servers: one at a time with the stacks, not beside a stack that is starting
public sealed class ReplicationTests
{
    [Fact]
    public async Task A_write_on_the_primary_is_readable_on_the_replica()
    {
        var server = await TestServers.PostgresAsync();
        var database = await server.CreateDatabaseAsync("replication", TestContext.Current.CancellationToken);
        var ct = TestContext.Current.CancellationToken;
        await using (var primary = new NpgsqlConnection(database.ConnectionString))
        {
            await primary.OpenAsync(ct);
            await using var write = new NpgsqlCommand("CREATE TABLE notes (id int PRIMARY KEY, text text); INSERT INTO notes VALUES (1, 'from the primary')", primary);
            await write.ExecuteNonQueryAsync(ct);
        }

        var standbyOnly = new NpgsqlConnectionStringBuilder(database.ReadOnlyConnectionString) { TargetSessionAttributes = "standby" }.ConnectionString;
        await using var replica = new NpgsqlConnection(standbyOnly);
        await replica.OpenAsync(ct);
        await using var inRecovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", replica);
        Assert.True((bool)(await inRecovery.ExecuteScalarAsync(ct))!);

        string? text = null;
        for (var attempt = 0; attempt < 50 && text is null; attempt++)
        {
            await using var read = new NpgsqlCommand("SELECT text FROM notes WHERE id = 1", replica);
            try
            {
                text = (string?)await read.ExecuteScalarAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                await Task.Delay(100, ct); // streaming is asynchronous
            }
        }
        Assert.Equal("from the primary", text);
    }
}
