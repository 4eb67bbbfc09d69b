using Npgsql;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>What must hold after any mix of operations, checked in SQL over the whole ledger.</summary>
internal static class LedgerInvariants
{
    public static async Task AssertHoldAsync(NpgsqlDataSource primary)
    {
        // Every balance equals the sum of its entries.
        Assert.Equal(0L, await ScalarAsync(primary, """
            SELECT count(*) FROM point_accounts a
            WHERE a.balance <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e WHERE e.client_id = a.client_id)
            """));
        // Replaying each account's entries in order (the row lock serializes them, ids follow that order) never goes
        // negative and reproduces every recorded balance_after: no balance was ever negative, no update was lost.
        Assert.Equal(0L, await ScalarAsync(primary, """
            SELECT count(*) FROM (
                SELECT balance_after, sum(amount) OVER (PARTITION BY client_id ORDER BY id) AS running FROM ledger_entries) replay
            WHERE running < 0 OR running <> balance_after
            """));
    }

    public static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }
}
