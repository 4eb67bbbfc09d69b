using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

public static class RabbitMQClientExtensions
{
    /// <summary>
    /// Registers one shared RabbitMQ <see cref="IConnection"/> from <c>ConnectionStrings:{connectionName}</c>
    /// (Aspire's format: <c>amqp://user:pass@host:port</c>), with automatic recovery and a readiness check.
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
        builder.Services.AddSingleton<IConnectionFactory>(factory);
        // RabbitMQ.Client 7 connects asynchronously; the connection is created once, on first use.
        builder.Services.AddSingleton<IConnection>(_ => factory.CreateConnectionAsync().GetAwaiter().GetResult());
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
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connection = services.GetRequiredService<IConnection>();
                return Task.FromResult(connection.IsOpen
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"RabbitMQ connection closed: {connection.CloseReason}"));
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or InvalidOperationException)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("RabbitMQ is unreachable", ex));
            }
        }
    }
}
