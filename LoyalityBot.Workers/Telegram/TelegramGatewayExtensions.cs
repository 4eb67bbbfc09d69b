using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyalityBot.Workers.Telegram;

public static class TelegramGatewayExtensions
{
    /// <summary>The gateway and its Redis state; needs <c>AddRedisClient</c> and <c>AddRedisCoordination</c>.</summary>
    public static IHostApplicationBuilder AddTelegramGateway(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<TelegramOptions>(builder.Configuration.GetSection(TelegramOptions.SectionName));
        builder.Services.AddOptions<TelegramGatewayOptions>()
            .Bind(builder.Configuration.GetSection(TelegramGatewayOptions.SectionName))
            .Validate(options => options.Validate() is null, "The TelegramGateway section is invalid (see TelegramGatewayOptions.Validate).")
            .ValidateOnStart();
        builder.Services.TryAddSingleton<UnreachableChats>();
        builder.Services.TryAddSingleton<TelegramGateway>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter("LoyalityBot.Workers.Telegram"));
        return builder;
    }
}
