using System.Net.Sockets;
using LoyalityBot.Hosting.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Bots.Tests;

/// <summary>
/// A round-robin HTTP load balancer in front of the replicas, as the AppHost's YARP is: a replica that refuses the
/// connection is skipped (passive health), and a request that fails mid-flight answers 502, so Telegram retries it.
/// </summary>
internal sealed class LoadBalancer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(5) }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri[] backends;
    private int next;

    private LoadBalancer(WebApplication app, Uri[] backends)
    {
        this.app = app;
        this.backends = backends;
    }

    public Uri BaseAddress => new(app.Urls.First());

    public static async Task<LoadBalancer> StartAsync(Uri[] backends, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{PortAllocator.Allocate()}");
        var app = builder.Build();
        var balancer = new LoadBalancer(app, backends);
        app.Run(balancer.ForwardAsync);
        await app.StartAsync(cancellationToken);
        return balancer;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        for (var attempt = 0; attempt < backends.Length; attempt++)
        {
            var backend = backends[(int)((uint)Interlocked.Increment(ref next) % backends.Length)];
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(backend, context.Request.Path + context.Request.QueryString))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            if (context.Request.ContentType is { } contentType)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            foreach (var header in context.Request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
            try
            {
                using var response = await http.SendAsync(request, context.RequestAborted);
                context.Response.StatusCode = (int)response.StatusCode;
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
                return;
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                // That replica is down: try the next one.
            }
            catch (HttpRequestException)
            {
                context.Response.StatusCode = StatusCodes.Status502BadGateway;
                return;
            }
        }
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        http.Dispose();
    }
}
