using System.Net;
using LoyalityBot.Hosting.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// A real HTTP server on its own loopback port that answers with its name (and "Healthy" on /health): a replica the
/// load balancer's tests can tell apart, and make unreachable by stopping it.
/// </summary>
internal sealed class NamedBackend : IAsyncDisposable
{
    private WebApplication? _app;

    private NamedBackend(string name, WebApplication app, int port)
    {
        Name = name;
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Name { get; }

    public string Url { get; }

    public static async Task<NamedBackend> StartAsync(string name)
    {
        var port = PortAllocator.Allocate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapGet("/health", () => "Healthy");
        app.MapGet("/", () => name);
        await app.StartAsync();
        return new NamedBackend(name, app, port);
    }

    /// <summary>Closes its port: connections are refused from now on, as to a process that died.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
