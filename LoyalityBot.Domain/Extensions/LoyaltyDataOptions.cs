namespace LoyalityBot.Domain.Extensions;

/// <summary>Pool sizes and statement preparation for the data paths, bound to the <c>LoyaltyData</c> configuration section.</summary>
public sealed class LoyaltyDataOptions
{
    public const string SectionName = "LoyaltyData";

    /// <summary>Npgsql's Maximum Pool Size for the primary and for the replicas (per process, per data source).</summary>
    public int MaxPoolSize { get; set; } = 100;

    /// <summary>How many DbContext instances each of the two pools keeps for reuse.</summary>
    public int DbContextPoolSize { get; set; } = 256;

    /// <summary>
    /// Npgsql's Max Auto Prepare, per physical connection: a statement run 5 times on a connection is prepared there,
    /// so Postgres stops parsing and planning the hot statements (the ledger's posting CTE, EF's queries) on every call.
    /// Postgres shares its CPU with everything else, so this is the ledger's largest single gain (docs/benchmarks.md).
    /// 0 turns it off (needed behind a transaction-mode PgBouncer, which does not keep prepared statements).
    /// </summary>
    public int MaxAutoPrepare { get; set; } = 64;

    /// <summary>The pool size and statement preparation, applied to a data source's connection string.</summary>
    internal void ApplyTo(Npgsql.NpgsqlConnectionStringBuilder connection)
    {
        connection.MaxPoolSize = MaxPoolSize;
        connection.MaxAutoPrepare = MaxAutoPrepare;
    }
}
