using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace LoyalityBot.Hosting.Dashboard;

/// <summary>OTLP/HTTP with protobuf bodies (<c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>): /v1/traces, /v1/logs, /v1/metrics.</summary>
internal static class OtlpReceiver
{
    private const int MaxRequestBytes = 8 * 1024 * 1024;

    public static void MapOtlpReceiver(this IEndpointRouteBuilder app, TelemetryStore telemetry)
    {
        app.MapPost("/v1/traces", (HttpRequest request) => ReceiveAsync(request, telemetry, OtlpProtobufReader.Signal.Traces));
        app.MapPost("/v1/logs", (HttpRequest request) => ReceiveAsync(request, telemetry, OtlpProtobufReader.Signal.Logs));
        app.MapPost("/v1/metrics", (HttpRequest request) => ReceiveAsync(request, telemetry, OtlpProtobufReader.Signal.Metrics));
    }

    private static async Task<Results<FileContentHttpResult, BadRequest<string>, StatusCodeHttpResult>> ReceiveAsync(
        HttpRequest request, TelemetryStore telemetry, OtlpProtobufReader.Signal signal)
    {
        if (request.ContentType?.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase) != true)
        {
            return TypedResults.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        if (request.ContentLength > MaxRequestBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        try
        {
            telemetry.Add(OtlpProtobufReader.Read(body.GetBuffer().AsSpan(0, (int)body.Length), signal), signal);
        }
        catch (FormatException ex)
        {
            return TypedResults.BadRequest(ex.Message);
        }
        // An empty Export*ServiceResponse: full success.
        return TypedResults.File(Array.Empty<byte>(), "application/x-protobuf");
    }
}
