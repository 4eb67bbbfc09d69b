using System.Globalization;
using System.Security.Claims;
using LoyalityBot.Coordination;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>
/// Per-IP and per-user limits on <c>/api</c>, in Redis through the bots' <see cref="RedisRateLimiter"/>, so every
/// replica counts against the same budget. A refusal is a 429 problem with <c>Retry-After</c> in whole seconds.
/// If Redis is unreachable the request passes: losing the limiter must not take the API down.
/// </summary>
public sealed partial class RateLimitMiddleware(
    RequestDelegate next, RedisRateLimiter limiter, IOptions<ApiRateLimitOptions> options, IProblemDetailsService problems,
    ApiMetrics metrics, ILogger<RateLimitMiddleware> logger)
{
    private readonly RateLimitPolicy perIp = options.Value.PerIp.ToPolicy("api-ip");
    private readonly RateLimitPolicy perUser = options.Value.PerUser.ToPolicy("api-user");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        RateLimitDecision? refused;
        try
        {
            refused = await RefusalAsync(context);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLimiterDown(logger, ex);
            refused = null;
        }
        if (refused is null)
        {
            await next(context);
            return;
        }
        metrics.RateLimited.Add(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(refused.RetryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Retry after {seconds} s." },
        });
    }

    private async Task<RateLimitDecision?> RefusalAsync(HttpContext context)
    {
        // Both limits in one round trip; a request refused by either takes nothing from the other.
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user
            ? await limiter.AcquireAllAsync([(perIp, ip), (perUser, user)])
            : await limiter.AcquireAsync(perIp, ip);
        return decision.Allowed ? null : decision;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limiter unavailable; request allowed")]
    private static partial void LogLimiterDown(ILogger logger, Exception exception);
}
