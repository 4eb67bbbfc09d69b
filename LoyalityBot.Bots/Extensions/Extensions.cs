using LoyalityBot.Bots.Admin;
using LoyalityBot.Bots.Client;
using LoyalityBot.Bots.Partner;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Telegram;

namespace LoyalityBot.Bots.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddLoyaltyData();
        builder.AddRedisClient("cache");
        builder.AddRedisCoordination();
        builder.AddPaymentTokens();

        builder.Services.AddOptions<BotsOptions>()
            .Bind(builder.Configuration.GetSection(BotsOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Telegram section is invalid (see BotsOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddOptions<PipelineOptions>()
            .Bind(builder.Configuration.GetSection(PipelineOptions.SectionName))
            .Validate(options => options.Validate() is null, "The BotPipeline section is invalid (see PipelineOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddOptions<AdminOptions>().Bind(builder.Configuration.GetSection(AdminOptions.SectionName));

        builder.AddLoyaltyWriteServices();
        builder.Services.AddSingleton<BotClients>();
        builder.Services.AddSingleton<UpdatePipeline>();
        builder.Services.AddHostedService<WebhookRegistration>();
        builder.Services.AddHostedService<LongPolling>();

        builder.Services.AddClientBot();
        builder.Services.AddPartnerBot();
        builder.Services.AddAdminBot();

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(BotTelemetry.Name))
            .WithTracing(tracing => tracing.AddSource(BotTelemetry.Name));
    }

    /// <summary>
    /// Registers a bot's handler under its name, in the order handlers are tried; it is also resolvable by its own
    /// type (one instance per update), so a handler can hand an update to another (a deep link to its flow).
    /// </summary>
    public static IServiceCollection AddHandler<THandler>(this IServiceCollection services, string bot)
        where THandler : class, IUpdateHandler
    {
        services.AddScoped<THandler>();
        return services.AddKeyedScoped<IUpdateHandler>(bot, (sp, _) => sp.GetRequiredService<THandler>());
    }
}
