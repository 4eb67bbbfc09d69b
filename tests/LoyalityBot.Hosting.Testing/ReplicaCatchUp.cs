using Npgsql;

namespace LoyalityBot.Hosting.Testing;

/// <summary>Streaming replication is asynchronous: waits until the standby has replayed everything written so far.</summary>
public static class ReplicaCatchUp
{
    public static async Task WaitAsync(string primaryConnectionString, string readOnlyConnectionString, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var primary = new NpgsqlConnection(primaryConnectionString);
        await primary.OpenAsync(cancellationToken);
        await using var lsnCommand = new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary);
        var lsn = (string)(await lsnCommand.ExecuteScalarAsync(cancellationToken))!;
        var standby = new NpgsqlConnectionStringBuilder(readOnlyConnectionString) { TargetSessionAttributes = "standby", Pooling = false }.ConnectionString;
        await using var replica = new NpgsqlConnection(standby);
        await replica.OpenAsync(cancellationToken);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var check = new NpgsqlCommand("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", replica) { Parameters = { new() { Value = lsn } } };
            if ((bool)(await check.ExecuteScalarAsync(cancellationToken))!)
            {
                return;
            }
            await Task.Delay(25, cancellationToken);
        }
        throw new TimeoutException($"The replica did not catch up within {timeout.TotalSeconds:0} s.");
    }
}
