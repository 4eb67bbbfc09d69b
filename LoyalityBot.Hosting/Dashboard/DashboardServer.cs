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
    public const int DefaultOtlpHttpPort = 18890;
    private const string CookieName = "loyalitybot-dashboard";
    private readonly int _port;
    private readonly int _otlpPort;
    private readonly string? _token;
    private WebApplication? _app;

    private DashboardServer(int port, int otlpPort, string? token)
    {
        _port = port;
        _otlpPort = otlpPort;
        _token = token;
    }

    /// <summary>What the services exported over OTLP.</summary>
    public TelemetryStore Telemetry { get; } = new();

    public static DashboardServer Create(IConfiguration configuration)
    {
        var unsecured = configuration.GetValue("Dashboard:Unsecured", false);
        var token = unsecured ? null : configuration["Dashboard:BrowserToken"] ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        // Port 0 means "any free port" (tests); it is chosen here because the OTLP URL goes into the services' environment.
        static int Port(int configured) => configured == 0 ? PortAllocator.Allocate() : configured;
        return new DashboardServer(
            Port(configuration.GetValue("Dashboard:Port", DefaultPort)),
            Port(configuration.GetValue("Dashboard:OtlpHttpPort", DefaultOtlpHttpPort)),
            token);
    }

    public string Url { get; private set; } = "";

    public string LoginUrl => _token is null ? Url : $"{Url}/login?t={_token}";

    /// <summary>The OTLP/HTTP (protobuf) endpoint the services export to, as Aspire's dashboard receives it.</summary>
    public string OtlpUrl => $"http://localhost:{_otlpPort}";

    public async Task StartAsync(Orchestrator orchestrator, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, _port);
            kestrel.Listen(IPAddress.Loopback, _otlpPort);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        var app = builder.Build();
        app.Use(RequireTokenAsync);
        app.MapGet("/login", Login);
        app.MapGet("/", () => Results.Content(Page("index.html"), "text/html; charset=utf-8"));
        app.MapDashboardApi(orchestrator, Telemetry);
        app.MapOtlpReceiver(Telemetry);
        await app.StartAsync(cancellationToken);
        _app = app;
        Url = $"http://localhost:{_port}";
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
        // The OTLP port serves the receiver and nothing else, without a token, as Aspire's does by default.
        if (context.Connection.LocalPort == _otlpPort)
        {
            if (context.Request.Path.StartsWithSegments("/v1"))
            {
                await next(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
            return;
        }
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
