using System.Text.Json.Serialization;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Messaging.Extensions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddLoyaltyData();
        builder.AddPaymentTokens();
        builder.AddRedisClient("cache");
        builder.AddRedisCoordination();
        builder.AddMediaStore();
        // The API writes events to the outbox; its relay publishes them like every other service's (one per replica is safe).
        builder.AddRabbitMqEventBus("messaging").AddOutboxRelay();

        builder.AddApiAuthentication();
        builder.Services.AddOptions<ApiRateLimitOptions>().Bind(builder.Configuration.GetSection(ApiRateLimitOptions.SectionName));
        builder.Services.AddSingleton<ApiMetrics>();
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.AddSingleton<BotLinks>();
        builder.AddLoyaltyWriteServices();

        // Enums travel as their names ("Gold", "Accrual"), as they are stored.
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi();
        // Behind the AppHost's load balancer (YARP) or an ingress: the client IP for per-IP limits is X-Forwarded-For.
        builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
    }

    private static void AddApiAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection(AuthOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Auth section is invalid: Auth:SessionSigningKey (32+ characters), SessionLifetime (≤ 1 day), InitDataMaxAge.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SessionTokens>();
        builder.Services.AddSingleton<RoleResolver>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            var token = sp.GetRequiredService<IConfiguration>()[$"Telegram:Bots:{options.MiniAppBot}:Token"] is { Length: > 0 } value
                ? value
                : throw new InvalidOperationException($"Telegram:Bots:{options.MiniAppBot}:Token is required to check Mini App logins.");
            return InitDataValidator.ForBotToken(token, options.InitDataMaxAge, sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(RoleNames.Client, policy => policy.RequireRole(RoleNames.Client))
            .AddPolicy(RoleNames.Partner, policy => policy.RequireRole(RoleNames.Partner))
            .AddPolicy(RoleNames.Admin, policy => policy.RequireRole(RoleNames.Admin));
    }
}
