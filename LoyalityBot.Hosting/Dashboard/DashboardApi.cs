using System.Text.Json;
using LoyalityBot.Hosting.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LoyalityBot.Hosting.Dashboard;

/// <summary>The dashboard's JSON and event-stream API, used by its page, scripts and tests.</summary>
internal static class DashboardApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapDashboardApi(this IEndpointRouteBuilder app, Orchestrator orchestrator, TelemetryStore telemetry)
    {
        app.MapGet("/api/telemetry", () => TypedResults.Ok(telemetry.Snapshot()));

        var api = app.MapGroup("/api/resources");
        api.MapGet("/", () => TypedResults.Ok(orchestrator.GetResources()));

        api.MapGet("/{name}/logs", Results<Ok<IReadOnlyList<LogLine>>, NotFound> (string name, string? replica) =>
            orchestrator.HasResource(name)
                ? TypedResults.Ok(Filter(orchestrator.GetLogs(name).Snapshot(), replica))
                : TypedResults.NotFound());

        // Server-sent events: the backlog, then each new line, until the browser disconnects.
        api.MapGet("/{name}/logs/stream", async (string name, string? replica, HttpContext context) =>
        {
            if (!orchestrator.HasResource(name))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await foreach (var line in orchestrator.GetLogs(name).FollowAsync(context.RequestAborted))
            {
                if (replica is null || line.Source == replica)
                {
                    await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(line, Json)}\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
        });

        api.MapPost("/{name}/{action}", async Task<Results<Accepted, NotFound, BadRequest<string>>> (string name, string action) =>
        {
            if (!orchestrator.HasResource(name))
            {
                return TypedResults.NotFound();
            }
            Func<string, Task>? command = action switch
            {
                "stop" => orchestrator.StopResourceAsync,
                "start" => orchestrator.StartResourceAsync,
                "restart" => orchestrator.RestartResourceAsync,
                _ => null,
            };
            if (command is null)
            {
                return TypedResults.BadRequest($"Unknown action '{action}': use stop, start or restart.");
            }
            // Commands can take seconds (a graceful stop); the page follows the state in the table.
            _ = Task.Run(() => command(name));
            return TypedResults.Accepted((string?)null);
        });
    }

    private static IReadOnlyList<LogLine> Filter(IReadOnlyList<LogLine> lines, string? replica) =>
        replica is null ? lines : [.. lines.Where(l => l.Source == replica)];
}
