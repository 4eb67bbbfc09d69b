namespace LoyalityBot.Hosting.Publishing;

/// <summary>Shell scripts that make the stock postgres image a streaming primary and standbys (no custom image).</summary>
internal static class PostgresScripts
{
    /// <summary>
    /// An init script for the primary (<c>/docker-entrypoint-initdb.d</c>): the image's pg_hba.conf allows
    /// <c>all</c> databases, which does not include replication connections, so standbys need their own line.
    /// </summary>
    public const string AllowReplication =
        "echo \"host replication all all scram-sha-256\" >> \"$PGDATA/pg_hba.conf\"\n";

    /// <summary>
    /// A standby's command: on an empty data directory, clone the primary with <c>pg_basebackup -R</c>
    /// (which writes <c>standby.signal</c> and <c>primary_conninfo</c>), retrying until the primary is up;
    /// then run postgres. Started as root (plain containers), it re-runs itself as the postgres user.
    /// Needs PRIMARY_HOST, PRIMARY_PORT, PGPASSWORD and PGDATA.
    /// </summary>
    public const string StartStandby = """
        if [ "$(id -u)" = 0 ]; then mkdir -p "$PGDATA" && chown -R postgres "$(dirname "$PGDATA")" && exec gosu postgres sh -c "$0" "$0"; fi
        if [ ! -s "$PGDATA/PG_VERSION" ]; then
          until pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$PGDATA" -R -X stream; do
            echo "waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"; rm -rf "$PGDATA"/*; sleep 2
          done
          chmod 0700 "$PGDATA"
        fi
        exec postgres

        """;

    /// <summary>Databases are created on the primary's first start (the image creates only POSTGRES_DB).</summary>
    public static string CreateDatabases(IEnumerable<string> databases) =>
        string.Concat(databases.Select(d => $"psql -v ON_ERROR_STOP=1 --username postgres -c 'CREATE DATABASE \"{d}\"'\n"));
}
