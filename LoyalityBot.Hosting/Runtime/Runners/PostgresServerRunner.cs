using LoyalityBot.Hosting.ApplicationModel;
using Npgsql;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>
/// A PostgreSQL primary: <c>initdb</c> with scram authentication on first start, then <c>postgres</c> on loopback.
/// As root it runs as the <c>postgres</c> user, because Postgres refuses to run as root.
/// </summary>
internal sealed class PostgresServerRunner(PostgresServerResource postgres, RuntimeServices services) : ResourceRunner(postgres, services)
{
    public const string SystemUser = "postgres";

    private PostgresPrograms _programs = null!;

    public override string Type => "PostgreSQL";

    public override void CheckPrerequisites() => _programs = PostgresPrograms.Find(Services.Binaries);

    protected override async Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Services.State.DataDirectory(postgres.Name);
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitDbAsync(dataDirectory, cancellationToken);
        }
        var port = postgres.PrimaryEndpoint.Annotation.AllocatedEndpoint!.Port;
        AddReplica(postgres.Name, () => _programs.Server(dataDirectory, port)).Start();
    }

    private async Task InitDbAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        PostgresPrograms.CreateOwnedDirectory(dataDirectory);
        await RuntimeServices.ChownAsync(dataDirectory, SystemUser);
        var passwordFile = dataDirectory + ".initpw";
        await PostgresPrograms.WriteOwnedSecretFileAsync(passwordFile, postgres.PasswordParameter.Value!, cancellationToken);
        try
        {
            await RunToCompletionAsync(_programs.Command("initdb",
                ["-D", dataDirectory, "-U", postgres.UserName, "--pwfile", passwordFile, "-E", "UTF8", "--locale=C.UTF-8",
                 "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--no-instructions",
                 // No fsync of every new file (a second or more of the first start): the kernel writes them out within
                 // seconds; only a machine crash in that window could damage the new, still empty cluster (--fresh).
                 "--no-sync"]), cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public override Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresPrograms.CheckAsync(postgres.ConnectionStringExpression.GetValue()!, expectStandby: false, cancellationToken);
}

/// <summary>The Postgres programs, and how to run them as the right user.</summary>
internal sealed record PostgresPrograms(string Postgres, string BinDirectory)
{
    public static PostgresPrograms Find(ServerBinaries binaries)
    {
        var postgres = binaries.Find("postgres", "postgresql-15");
        var bin = Path.GetDirectoryName(Path.GetFullPath(ResolveLink(postgres)))!;
        foreach (var tool in new[] { "initdb", "pg_basebackup" })
        {
            if (!File.Exists(Path.Combine(bin, tool)))
            {
                throw new MissingPrerequisiteException(tool, "postgresql-15");
            }
        }
        return new PostgresPrograms(postgres, bin);
    }

    private static string ResolveLink(string path) => File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    private static string? RunAs => Native.IsRoot ? PostgresServerRunner.SystemUser : null;

    public ProcessSpec Command(string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        new(Path.Combine(BinDirectory, tool), arguments)
        {
            RunAsUser = RunAs,
            Environment = environment ?? new Dictionary<string, string>(),
            WorkingDirectory = "/",
        };

    /// <summary>The server on loopback only, without a Unix socket (no /var/run/postgresql needed); SIGINT is a fast shutdown.</summary>
    public ProcessSpec Server(string dataDirectory, int port, params string[] settings) =>
        Command("postgres",
        [
            "-D", dataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"port={port}",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=400",
            "-c", "shared_buffers=256MB",
            .. settings.SelectMany(s => new[] { "-c", s }),
        ]) with { StopSignal = Native.SIGINT };

    public static void CreateOwnedDirectory(string path)
    {
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public static async Task WriteOwnedSecretFileAsync(string path, string content, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, content, cancellationToken);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await RuntimeServices.ChownAsync(path, PostgresServerRunner.SystemUser);
    }

    /// <summary>
    /// One query on a kept connection (a pool of one per checked connection string): a new connection every check
    /// (fork, SCRAM on both sides, a cold backend) cost the Postgres servers and the AppHost seconds of CPU while the
    /// stack starts, and CPU is what the start waits on. A failed check empties the pool, so the next one reconnects;
    /// so does one that reached the wrong role (a read-only database's fallback to the primary).
    /// </summary>
    public static async Task<HealthStatus> CheckAsync(string connectionString, bool expectStandby, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Timeout = 2, Pooling = true, MinPoolSize = 0, MaxPoolSize = 1, ApplicationName = "apphost-health",
            // Npgsql remembers a host that refused a connection as offline for this long, process-wide. With its
            // default of 10 s, a standby that refused the first check (its copy of the database not replayed yet)
            // was skipped for the next 10 s, and the whole stack's start waited for it: ready at 11.8 s, not 2.
            HostRecheckSeconds = 0,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken))! == expectStandby)
            {
                return HealthStatus.Healthy;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
        }
        NpgsqlConnection.ClearPool(connection);
        return HealthStatus.Unhealthy;
    }
}
