using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.ServiceDefaults.Tests;

/// <summary>
/// A service shaped like LoyalityBot's (AddServiceDefaults, then its own registrations, then MapDefaultEndpoints) on a
/// free loopback port, in the Production environment: the defaults must not depend on Development.
/// </summary>
internal static class TestService
{
    public static async Task<WebApplication> StartAsync(
        IDictionary<string, string?> configuration,
        Action<WebApplicationBuilder>? addServices = null,
        Action<WebApplication>? mapEndpoints = null,
        bool serviceDefaults = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (serviceDefaults)
        {
            builder.AddServiceDefaults();
        }
        addServices?.Invoke(builder);

        var app = builder.Build();
        if (serviceDefaults)
        {
            app.MapDefaultEndpoints();
        }
        mapEndpoints?.Invoke(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>The address the started app listens on.</summary>
    public static Uri BaseAddress(this WebApplication app) => new(app.Urls.First());

    /// <summary>A loopback port nothing listens on: a dependency that is down.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
