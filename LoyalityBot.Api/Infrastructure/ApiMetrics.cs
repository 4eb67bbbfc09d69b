using System.Diagnostics.Metrics;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>The API's own meter (<c>LoyalityBot.Api</c>), next to ASP.NET Core's request metrics.</summary>
public sealed class ApiMetrics : IDisposable
{
    public const string MeterName = "LoyalityBot.Api";
    private readonly Meter meter = new(MeterName);

    public ApiMetrics()
    {
        RateLimited = meter.CreateCounter<long>("loyalitybot.api.rate_limited", description: "Requests refused with 429");
        CatalogCache = meter.CreateCounter<long>("loyalitybot.api.catalog_cache", description: "Catalog reads by cache outcome (hit, miss)");
        Sessions = meter.CreateCounter<long>("loyalitybot.api.sessions", description: "Mini App sign-ins by outcome");
    }

    public Counter<long> RateLimited { get; }
    public Counter<long> CatalogCache { get; }
    public Counter<long> Sessions { get; }

    public void Dispose() => meter.Dispose();
}
