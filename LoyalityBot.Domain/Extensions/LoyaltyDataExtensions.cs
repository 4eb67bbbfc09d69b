using LoyalityBot.Domain.Broadcasts;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Extensions;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

public static class LoyaltyDataExtensions
{
    /// <summary>The primary's connection string name (writes, read-your-own-write).</summary>
    public const string PrimaryConnectionName = "loyalty";

    /// <summary>The replicas' connection string name, also the service key of their <see cref="NpgsqlDataSource"/>.</summary>
    public const string ReadOnlyConnectionName = "loyalty-readonly";

    /// <summary>
    /// Registers both data paths: the primary (<see cref="NpgsqlDataSource"/>, <see cref="LoyaltyDbContext"/>,
    /// <see cref="LedgerService"/>, <see cref="BroadcastService"/>) and the replicas (keyed <see cref="NpgsqlDataSource"/> "loyalty-readonly",
    /// <see cref="LoyaltyReadOnlyDbContext"/>), one data source each per process, pooled DbContexts, and the
    /// <c>Ledger</c> options validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddLoyaltyData(this IHostApplicationBuilder builder)
    {
        var data = builder.Configuration.GetSection(LoyaltyDataOptions.SectionName).Get<LoyaltyDataOptions>() ?? new LoyaltyDataOptions();

        builder.AddNpgsqlDataSource(PrimaryConnectionName,
            configureDataSourceBuilder: dataSource => data.ApplyTo(dataSource.ConnectionStringBuilder));
        builder.AddReadOnlyDataSource(data);

        builder.Services.AddDbContextPool<LoyaltyDbContext>(
            (sp, options) => options.UseLoyaltyDatabase(sp.GetRequiredService<NpgsqlDataSource>()),
            data.DbContextPoolSize);
        builder.Services.AddDbContextPool<LoyaltyReadOnlyDbContext>(
            (sp, options) => options
                .UseLoyaltyDatabase(sp.GetRequiredKeyedService<NpgsqlDataSource>(ReadOnlyConnectionName))
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking),
            data.DbContextPoolSize);

        builder.Services.AddOptions<LedgerOptions>()
            .Bind(builder.Configuration.GetSection(LedgerOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Ledger configuration section is invalid (see LedgerOptions.Validate).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<LedgerWriter>();
        builder.Services.AddSingleton(sp => new LedgerService(sp.GetRequiredService<LedgerWriter>()));
        builder.Services.AddSingleton<BroadcastService>();
        return builder;
    }

    private static void AddReadOnlyDataSource(this IHostApplicationBuilder builder, LoyaltyDataOptions data)
    {
        var connectionString = builder.Configuration.GetConnectionString(ReadOnlyConnectionName) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"Connection string '{ReadOnlyConnectionName}' is missing. Set ConnectionStrings__{ReadOnlyConnectionName} (the AppHost injects it).");

        builder.Services.AddKeyedSingleton(ReadOnlyConnectionName, (sp, _) =>
            ReadOnlyDataSource.BuildMultiHost(connectionString, data, sp.GetService<ILoggerFactory>()));
        builder.Services.AddKeyedSingleton<NpgsqlDataSource>(ReadOnlyConnectionName, (sp, key) =>
            sp.GetRequiredKeyedService<NpgsqlMultiHostDataSource>(key).WithTargetSession(ReadOnlyDataSource.TargetSession(connectionString)));

        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddNpgsql());
        builder.Services.AddHealthChecks().AddCheck<ReadOnlyHealthCheck>(ReadOnlyConnectionName, HealthStatus.Unhealthy, ["ready"]);
    }

    private sealed class ReadOnlyHealthCheck([FromKeyedServices(ReadOnlyConnectionName)] NpgsqlDataSource replicas) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var command = replicas.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The PostgreSQL replicas do not answer", ex);
            }
        }
    }
}
