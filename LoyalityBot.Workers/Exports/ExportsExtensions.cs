using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Exports;

public static class ExportsExtensions
{
    /// <summary>
    /// What the exports need: the <c>Exports</c> options, the keyset reader on the replicas, the sources and the
    /// client-data writer. The handler is subscribed with the others; it also uses the Telegram gateway.
    /// </summary>
    public static IHostApplicationBuilder AddExports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExportOptions>()
            .Bind(builder.Configuration.GetSection(ExportOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Exports section is invalid (see ExportOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new KeysetReader(
            sp.GetRequiredKeyedService<NpgsqlDataSource>(LoyaltyDataExtensions.ReadOnlyConnectionName),
            sp.GetRequiredService<IOptions<ExportOptions>>().Value.PageSize));
        builder.Services.AddSingleton<ExportSources>();
        builder.Services.AddSingleton<ClientDataExport>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ExportProgress.MeterName));
        return builder;
    }
}
