using LoyalityBot.TelegramSandbox.Apis;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Extensions;

public static class SandboxExtensions
{
    /// <summary>Where the sandbox listens when started alone; ASPNETCORE_URLS (the AppHost), --urls or HTTP_PORTS win.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5088";

    public static WebApplicationBuilder AddTelegramSandbox(this WebApplicationBuilder builder)
    {
        // Not "Urls" in appsettings.json: that would override ASPNETCORE_URLS, which is host configuration.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]) && string.IsNullOrEmpty(builder.Configuration["HTTP_PORTS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.Configure<SandboxOptions>(builder.Configuration.GetSection(SandboxOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FileStore>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<SandboxState>();
        builder.Services.AddSingleton<BotMessaging>();
        builder.Services.AddSingleton<UserActions>();
        builder.Services.AddSingleton<BotMethods>();
        builder.Services.AddOpenApi(ControlApi.DocumentName);
        // Kestrel's default 30 MB body cap is below Telegram's 50 MB document uploads.
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = 50 * 1024 * 1024);
        return builder;
    }

    public static WebApplication MapTelegramSandbox(this WebApplication app)
    {
        // Build the state now, so configured bots with bad tokens fail the start rather than the first request.
        app.Services.GetRequiredService<SandboxState>();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapBotApi();
        app.MapFileApi();
        app.MapControlApi();
        app.MapUserChatApi();
        app.MapUserActionBatchApi();
        app.MapWebChat();
        return app;
    }
}
