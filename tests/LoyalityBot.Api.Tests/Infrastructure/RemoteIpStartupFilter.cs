using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LoyalityBot.Api.Tests.Infrastructure;

/// <summary>TestServer connections have no remote address; give them one, so per-IP limits are per test class.</summary>
internal sealed class RemoteIpStartupFilter(IPAddress defaultIp) : IStartupFilter
{
    public const string Header = "X-Test-Remote-IP";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var ip) ? ip : defaultIp;
            return nextMiddleware(context);
        });
        next(app);
    };
}
