using System.Runtime.CompilerServices;
using Npgsql;

namespace LoyalityBot.Workers.Exports;

/// <summary>
/// Reads a whole table in keyset pages: <c>… WHERE key &gt; $1 … ORDER BY key LIMIT $2</c>, the key being the
/// first column. Each page is its own short query, so an export of millions of rows holds no snapshot open on
/// the replica (long queries there are cancelled by replication conflicts) and only one page is in memory.
/// </summary>
public sealed class KeysetReader(NpgsqlDataSource replica, int pageSize)
{
    /// <summary>
    /// The rows of <paramref name="sql"/> (which uses $1 for the last key, $2 for the page size, then
    /// <paramref name="arguments"/> as $3…), mapped as they are read.
    /// </summary>
    public async IAsyncEnumerable<T> ReadAsync<T>(string sql, Func<NpgsqlDataReader, T> map, object[] arguments,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = long.MinValue;
        while (true)
        {
            await using var command = replica.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = pageSize });
            foreach (var argument in arguments)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = argument });
            }
            var read = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    after = reader.GetInt64(0);
                    read++;
                    yield return map(reader);
                }
            }
            if (read < pageSize)
            {
                yield break;
            }
        }
    }
}
