using System.Net.Sockets;
using System.Text;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Runtime.Runners;

/// <summary>redis-server on loopback with requirepass and AOF persistence, configured by a file (so the password is not in ps).</summary>
internal sealed class RedisRunner(RedisResource redis, RuntimeServices services) : ResourceRunner(redis, services)
{
    private string _redisServer = "";

    public override string Type => "Redis";

    public override void CheckPrerequisites() => _redisServer = Services.Binaries.Find("redis-server", "redis-server");

    protected override Task PrepareAndStartAsync(CancellationToken cancellationToken)
    {
        var endpoint = redis.PrimaryEndpoint.Annotation.AllocatedEndpoint!;
        var dataDirectory = Services.State.DataDirectory(redis.Name);
        Directory.CreateDirectory(dataDirectory);
        var configFile = Path.Combine(dataDirectory, "redis.conf");
        File.WriteAllText(configFile, $"""
            bind 127.0.0.1
            port {endpoint.Port}
            protected-mode yes
            requirepass {redis.PasswordParameter.Value}
            dir {dataDirectory}
            appendonly yes
            appendfsync everysec
            save 60 1
            daemonize no
            logfile ""
            """);
        File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AddReplica(redis.Name, () => new ProcessSpec(_redisServer, [configFile]) { WorkingDirectory = dataDirectory }).Start();
        return Task.CompletedTask;
    }

    public override async Task<HealthStatus> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var endpoint = redis.PrimaryEndpoint.Annotation.AllocatedEndpoint!;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {redis.PasswordParameter.Value}\r\nPING\r\n"), cancellationToken);
            var buffer = new byte[64];
            var received = new StringBuilder();
            while (!received.ToString().Contains("+PONG", StringComparison.Ordinal) && received.Length < 256)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
            // While loading the AOF, Redis answers -LOADING instead of +PONG.
            return received.ToString().StartsWith("+OK\r\n+PONG", StringComparison.Ordinal) ? HealthStatus.Healthy : HealthStatus.Unhealthy;
        }
        catch (SocketException)
        {
            return HealthStatus.Unhealthy;
        }
    }
}
