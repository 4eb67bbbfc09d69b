using LoyalityBot.TelegramSandbox.Extensions;

namespace LoyalityBot.TelegramSandbox;

/// <summary>
/// Runs the sandbox in-process on a free loopback port, configured like Program.cs, for tests and benchmarks
/// (of this project and of others that need a Telegram to talk to).
/// </summary>
public static class SandboxHost
{
    public static async Task<WebApplication> StartAsync(IDictionary<string, string?> configuration, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        builder.AddServiceDefaults();
        builder.AddTelegramSandbox();

        var app = builder.Build();

        app.MapDefaultEndpoints();
        app.MapTelegramSandbox();

        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The address the started sandbox listens on, e.g. http://127.0.0.1:41234.</summary>
    public static Uri BaseAddress(this WebApplication app) => new(app.Urls.First());
}
