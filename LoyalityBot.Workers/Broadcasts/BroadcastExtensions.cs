namespace LoyalityBot.Workers.Broadcasts;

public static class BroadcastExtensions
{
    /// <summary>The broadcast sender and its metrics; needs <c>AddLoyaltyData</c>, <c>AddRedisClient</c> and <c>AddTelegramGateway</c>.</summary>
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BroadcastOptions>()
            .Bind(builder.Configuration.GetSection(BroadcastOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Broadcasts section is invalid (see BroadcastOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<BroadcastMetrics>();
        builder.Services.AddSingleton<BroadcastStore>();
        builder.Services.AddSingleton<BroadcastSender>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(BroadcastMetrics.MeterName));
        return builder;
    }
}
