using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LoyalityBot.Hosting.Testing;
using Npgsql;
using RabbitMQ.Client;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// The servers as the AppHost runs them: clients need the generated password (scram for Postgres, requirepass for
/// Redis, a user and password for RabbitMQ), client ports listen on 127.0.0.1 only, and Redis keeps an AOF.
/// </summary>
[Collection(StackCollection.Name)] // starts servers: one at a time with the stacks, not beside a stack that is starting
public sealed class ServerSecurityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postgres_wants_the_scram_password_on_the_primary_and_the_replica()
    {
        var server = await TestServers.PostgresAsync();
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var rules = new NpgsqlCommand("SELECT DISTINCT auth_method FROM pg_hba_file_rules", connection);
        var methods = new List<string>();
        await using (var reader = await rules.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                methods.Add(reader.GetString(0));
            }
        }
        await using var encryption = new NpgsqlCommand("SHOW password_encryption", connection);

        Assert.Equal(["scram-sha-256"], methods);
        Assert.Equal("scram-sha-256", await encryption.ExecuteScalarAsync(Ct));
        foreach (var port in PostgresPorts(server))
        {
            var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = port, Password = "wrong", Pooling = false };
            await using var refused = new NpgsqlConnection(wrong.ConnectionString);
            var error = await Assert.ThrowsAsync<PostgresException>(() => refused.OpenAsync(Ct));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
        }
    }

    [Fact]
    public async Task Redis_wants_its_password_and_appends_to_its_aof()
    {
        var redis = await TestServers.RedisAsync();
        var (host, port) = HostAndPort.Parse(redis.ConnectionString.Split(',')[0]);
        var password = redis.ConnectionString.Split(',').Single(p => p.StartsWith("password=", StringComparison.Ordinal))["password=".Length..];
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, Ct);
        await using var stream = client.GetStream();

        var withoutAuth = await RespAsync(stream, "PING");
        var auth = await RespAsync(stream, "AUTH", password);
        var appendOnly = await RespAsync(stream, "CONFIG", "GET", "appendonly");

        Assert.StartsWith("-NOAUTH", withoutAuth, StringComparison.Ordinal);
        Assert.Equal("+OK\r\n", auth);
        Assert.EndsWith("$3\r\nyes\r\n", appendOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RabbitMQ_wants_its_user_and_password()
    {
        var rabbit = await TestServers.RabbitMQAsync();
        var right = new Uri(rabbit.ConnectionString);
        var wrong = new UriBuilder(right) { Password = "wrong" }.Uri;

        await using var connection = await new ConnectionFactory { Uri = right }.CreateConnectionAsync(Ct);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => new ConnectionFactory { Uri = wrong }.CreateConnectionAsync(Ct));

        Assert.True(connection.IsOpen);
        Assert.Contains("ACCESS_REFUSED", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_ports_listen_on_loopback_only()
    {
        var postgres = await TestServers.PostgresAsync();
        var redis = await TestServers.RedisAsync();
        var rabbit = await TestServers.RabbitMQAsync();
        var ports = PostgresPorts(postgres)
            .Append(HostAndPort.Parse(redis.ConnectionString.Split(',')[0]).Port)
            .Append(new Uri(rabbit.ConnectionString).Port);

        var listening = ListeningSockets();

        foreach (var port in ports)
        {
            var addresses = listening.Where(l => l.Port == port).Select(l => l.Address).ToList();
            Assert.NotEmpty(addresses);
            Assert.All(addresses, address => Assert.True(IsLoopback(address),
                $"port {port} listens on {address}, not on loopback"));
        }
    }

    /// <summary>The primary's port and the replicas' ports.</summary>
    /// <summary>
    /// Not only the AMQP port: the Erlang node's distribution listener and its epmd are reachable only from this
    /// machine too (Erlang listens on every interface unless told otherwise).
    /// </summary>
    [Fact]
    public async Task Every_port_of_the_RabbitMQ_node_and_its_epmd_listens_on_loopback_only()
    {
        var rabbit = await TestServers.RabbitMQAsync();
        var listening = ListeningSockets();
        var amqp = listening.First(l => l.Port == new Uri(rabbit.ConnectionString).Port);
        var node = OwnerOf(amqp.Inode);
        var arguments = File.ReadAllText($"/proc/{node}/cmdline").Split('\0');
        var epmdPort = int.Parse(arguments[Array.IndexOf(arguments, "-epmd_port") + 1], CultureInfo.InvariantCulture);

        var nodeSockets = SocketInodes(node);
        var nodeListeners = listening.Where(l => nodeSockets.Contains(l.Inode)).ToList();
        var epmdListeners = listening.Where(l => l.Port == epmdPort).ToList();

        Assert.True(nodeListeners.Count >= 2, "the node listens for AMQP and for distribution");
        Assert.NotEmpty(epmdListeners);
        Assert.All(nodeListeners.Concat(epmdListeners), l => Assert.True(IsLoopback(l.Address), $"port {l.Port} listens on {l.Address}, not on loopback"));
    }

    private static IEnumerable<int> PostgresPorts(PostgresTestServer server) =>
        new NpgsqlConnectionStringBuilder(server.ReadOnlyConnectionString).Host!.Split(',').Select(h => HostAndPort.Parse(h).Port)
            .Append(new NpgsqlConnectionStringBuilder(server.ConnectionString).Port).Distinct();

    /// <summary>The kernel's listening TCP sockets (state 0A) of this network namespace: address in /proc's hex form, port and inode.</summary>
    private static List<(string Address, int Port, string Inode)> ListeningSockets() =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.SelectMany(path => File.ReadLines(path).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[3] == "0A")
            .Select(fields => (Local: fields[1].Split(':'), Inode: fields[9]))
            .Select(s => (s.Local[0], int.Parse(s.Local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture), s.Inode))
            .ToList();

    private static bool IsLoopback(string address) => address is "0100007F" or "00000000000000000000000001000000";

    /// <summary>The socket inodes a process holds open (its /proc fd links read "socket:[inode]").</summary>
    private static HashSet<string> SocketInodes(int pid)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }
        return inodes;
    }

    /// <summary>The process holding a socket inode open.</summary>
    private static int OwnerOf(string inode) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit)).Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .First(pid =>
            {
                try
                {
                    return SocketInodes(pid).Contains(inode);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return false; // a process that ended meanwhile
                }
            });

    /// <summary>Sends one command in Redis's protocol and returns the raw reply.</summary>
    private static async Task<string> RespAsync(NetworkStream stream, params string[] command)
    {
        var request = new StringBuilder().Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), Ct);
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer, Ct);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
