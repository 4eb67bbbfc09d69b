using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LoyalityBot.Hosting.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Hosting.Dashboard;

/// <summary>
/// The dashboard at http://localhost:18888, as in Aspire: resources, live console logs per resource and replica,
/// stop/start/restart, and <c>GET /api/resources</c> for scripts. Access needs the browser token printed at start
/// (<c>/login?t=…</c>, then a cookie) unless <c>Dashboard:Unsecured=true</c>.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const int DefaultPort = 18888;
    private const string CookieName = "loyalitybot-dashboard";
    private readonly int _port;
    private readonly string? _token;
    private WebApplication? _app;

    private DashboardServer(int port, string? token)
    {
        _port = port;
        _token = token;
    }

    public static DashboardServer Create(IConfiguration configuration)
    {
        var unsecured = configuration.GetValue("Dashboard:Unsecured", false);
        var token = unsecured ? null : configuration["Dashboard:BrowserToken"] ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new DashboardServer(configuration.GetValue("Dashboard:Port", DefaultPort), token);
    }

    public string Url { get; private set; } = "";

    public string LoginUrl => _token is null ? Url : $"{Url}/login?t={_token}";

    /// <summary>No OTLP receiver yet: services export only when OTEL_EXPORTER_OTLP_ENDPOINT is configured on the AppHost.</summary>
    public string? OtlpUrl => null;

    public async Task StartAsync(Orchestrator orchestrator, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        var app = builder.Build();
        app.Use(RequireTokenAsync);
        app.MapGet("/login", Login);
        app.MapGet("/", () => Results.Content(Page("index.html"), "text/html; charset=utf-8"));
        app.MapDashboardApi(orchestrator);
        await app.StartAsync(cancellationToken);
        _app = app;
        var port = new Uri(app.Urls.First()).Port;
        Url = $"http://localhost:{port}";
    }

    private IResult Login(HttpContext context, string? t)
    {
        if (_token is null || !TokenMatches(t))
        {
            return Results.Content(Page("login.html"), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }
        context.Response.Cookies.Append(CookieName, _token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        return Results.Redirect("/");
    }

    private async Task RequireTokenAsync(HttpContext context, RequestDelegate next)
    {
        var authorized = _token is null
            || context.Request.Path.StartsWithSegments("/login")
            || TokenMatches(context.Request.Cookies[CookieName])
            || TokenMatches(context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal));
        if (authorized)
        {
            await next(context);
        }
        else if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect("/login");
        }
    }

    private bool TokenMatches(string? candidate) =>
        _token is not null && candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(_token));

    private static string Page(string name)
    {
        using var stream = typeof(DashboardServer).Assembly.GetManifestResourceStream($"LoyalityBot.Hosting.Dashboard.wwwroot.{name}")
            ?? throw new InvalidOperationException($"Dashboard page {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
