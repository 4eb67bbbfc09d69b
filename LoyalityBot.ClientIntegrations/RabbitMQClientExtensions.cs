using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

public static class RabbitMQClientExtensions
{
    /// <summary>
    /// Registers one shared RabbitMQ <see cref="IConnection"/> from <c>ConnectionStrings:{connectionName}</c>
    /// (Aspire's format: <c>amqp://user:pass@host:port</c>), with automatic recovery and a readiness check. The first
    /// connection is retried while the broker is unreachable (<see cref="RabbitMQConnectionSource"/>), so a service may
    /// start before its broker is up.
    /// </summary>
    public static IHostApplicationBuilder AddRabbitMQClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetRequiredConnectionString(connectionName);
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            ClientProvidedName = builder.Environment.ApplicationName,
        };
        var maxConnectRetryCount = builder.Configuration.GetSection(RabbitMQConnectionSource.ConfigurationSectionName)
            .GetValue("MaxConnectRetryCount", RabbitMQConnectionSource.DefaultMaxConnectRetryCount);
        builder.Services.AddSingleton<IConnectionFactory>(factory);
        builder.Services.AddSingleton(sp => new RabbitMQConnectionSource(
            factory, maxConnectRetryCount, sp.GetRequiredService<ILogger<RabbitMQConnectionSource>>()));
        // RabbitMQ.Client 7 connects asynchronously; whoever needs the connection first waits for it (a consumer's start).
        builder.Services.AddSingleton<IConnection>(sp => sp.GetRequiredService<RabbitMQConnectionSource>().Connection.GetAwaiter().GetResult());
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            connectionName,
            sp => new RabbitMQHealthCheck(sp),
            HealthStatus.Unhealthy,
            ["ready"],
            TimeSpan.FromSeconds(5)));
        return builder;
    }

    private sealed class RabbitMQHealthCheck(IServiceProvider services) : IHealthCheck
    {
        private static readonly TimeSpan FirstAttemptWait = TimeSpan.FromSeconds(1);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            // The first check may start the connection: give an attempt that long to finish, but never wait for the
            // retries, during which the service is simply not ready yet.
            var source = services.GetRequiredService<RabbitMQConnectionSource>();
            var connecting = source.Connection;
            if (!connecting.IsCompleted)
            {
                await Task.WhenAny(connecting, Task.Delay(FirstAttemptWait, cancellationToken));
            }
            if (!connecting.IsCompleted)
            {
                return HealthCheckResult.Unhealthy($"Connecting to RabbitMQ (attempt {source.Attempts})");
            }
            if (!connecting.IsCompletedSuccessfully)
            {
                return HealthCheckResult.Unhealthy("RabbitMQ is unreachable", connecting.Exception?.GetBaseException());
            }
            var connection = services.GetRequiredService<IConnection>();
            return connection.IsOpen
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"RabbitMQ connection closed: {connection.CloseReason}");
        }
    }
}
