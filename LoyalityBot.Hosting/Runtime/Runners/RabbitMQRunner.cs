using System.Globalization;
using LoyalityBot.Hosting.ApplicationModel;
using RabbitMQ.Client;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>
/// A RabbitMQ node with its own epmd, node name and directories, so several can run on one machine.
/// As root, Debian's launcher switches to the <c>rabbitmq</c> user, so the node's directories belong to it;
/// as another user the node runs as that user. epmd runs in the foreground under the AppHost, not as a daemon,
/// so that it stops with the node.
/// </summary>
internal sealed class RabbitMQRunner(RabbitMQServerResource rabbit, RuntimeServices services) : ResourceRunner(rabbit, services)
{
    private const string SystemUser = "rabbitmq";
    private string _server = "";
    private string _epmd = "";
    private IConnection? _healthConnection;

    public override string Type => "RabbitMQ";

    public override void CheckPrerequisites()
    {
        // Debian's /usr/sbin launcher runs only as root (it switches to rabbitmq); the inner script runs as anyone.
        const string debianInner = "/usr/lib/rabbitmq/bin/rabbitmq-server";
        _server = !Native.IsRoot && File.Exists(debianInner) ? debianInner : Services.Binaries.Find("rabbitmq-server", "rabbitmq-server");
        _epmd = Services.Binaries.Find("epmd", "erlang-base");
    }

    protected override async Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        var port = rabbit.PrimaryEndpoint.Annotation.AllocatedEndpoint!.Port;
        var epmdPort = Services.State.GetOrAllocatePort($"{rabbit.Name}/epmd");
        var distributionPort = Services.State.GetOrAllocatePort($"{rabbit.Name}/dist");
        // A stable node name: the node's database is tied to it, and ports may change between runs.
        var nodeId = Services.State.GetOrCreateSecret($"{rabbit.Name}-node-id", new GenerateParameterDefault(Special: false))[..12].ToLowerInvariant();

        var dataDirectory = Services.State.DataDirectory(rabbit.Name);
        Directory.CreateDirectory(Path.Combine(dataDirectory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(dataDirectory, "log"));
        var configFile = Path.Combine(dataDirectory, "rabbitmq.conf");
        await File.WriteAllTextAsync(configFile, $"""
            listeners.tcp.default = 127.0.0.1:{port}
            default_user = {rabbit.UserName}
            default_pass = {rabbit.PasswordParameter.Value}
            loopback_users = none
            log.console = true
            log.console.level = info
            log.file = false
            """, cancellationToken);
        File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var pluginsFile = Path.Combine(dataDirectory, "enabled_plugins");
        await File.WriteAllTextAsync(pluginsFile, "[].", cancellationToken);
        await RuntimeServices.ChownAsync(dataDirectory, SystemUser);

        var environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = $"rabbit-{nodeId}@localhost",
            // Everything under the node's own directory: Debian's defaults (/var/lib/rabbitmq) are shared and root-owned.
            ["RABBITMQ_MNESIA_BASE"] = dataDirectory,
            ["RABBITMQ_MNESIA_DIR"] = Path.Combine(dataDirectory, "mnesia"),
            ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(dataDirectory, "feature_flags"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dataDirectory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = configFile,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = pluginsFile,
            ["RABBITMQ_PID_FILE"] = Path.Combine(dataDirectory, "rabbitmq.pid"),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1", // any epmd an Erlang tool starts on its own listens on loopback only
            // No scheduler busy-waiting (+sbwt none…): by default idle schedulers spin for a while before sleeping,
            // which on a small machine takes CPU from the other resources starting at the same time.
            // The distribution listener on loopback too: Erlang binds it to every interface by default.
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none",
        };
        var script = $"'{_epmd}' -port {epmdPort} -address 127.0.0.1 & exec '{_server}'";
        AddReplica(rabbit.Name, () => new ProcessSpec("sh", ["-c", script])
        {
            Environment = environment,
            WorkingDirectory = dataDirectory,
            SignalWholeTree = true, // su does not forward SIGTERM to the Erlang VM
        }).Start();
    }

    /// <summary>
    /// Healthy while one kept AMQP connection is open: a new connection every check (TCP, AMQP handshake, an Erlang
    /// process per connection) cost the booting broker and the AppHost CPU that the starting services need. A closed or
    /// failed connection is dropped and the next check connects again, so a restarted broker is seen at once.
    /// </summary>
    public override async Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken)
    {
        if (_healthConnection is { IsOpen: true })
        {
            return HealthStatus.Healthy;
        }
        await DropHealthConnectionAsync();
        var factory = new ConnectionFactory
        {
            Uri = new Uri(rabbit.ConnectionStringExpression.GetValue()!),
            RequestedConnectionTimeout = TimeSpan.FromSeconds(2),
            AutomaticRecoveryEnabled = false,
        };
        try
        {
            _healthConnection = await factory.CreateConnectionAsync("apphost-health", cancellationToken);
            return _healthConnection.IsOpen ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException
            or IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthStatus.Unhealthy;
        }
    }

    public override async Task StopAsync(TimeSpan timeout)
    {
        await DropHealthConnectionAsync();
        await base.StopAsync(timeout);
    }

    private async Task DropHealthConnectionAsync()
    {
        if (Interlocked.Exchange(ref _healthConnection, null) is { } connection)
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or RabbitMQ.Client.Exceptions.AlreadyClosedException or System.Net.Sockets.SocketException)
            {
                // Already gone with the broker: nothing to close.
            }
        }
    }
}
