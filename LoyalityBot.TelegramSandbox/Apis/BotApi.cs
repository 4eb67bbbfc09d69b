using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>
/// The Bot API: <c>/bot{token}/{method}</c> (and the test environment's <c>/bot{token}/test/{method}</c>), GET or POST.
/// It writes Telegram's envelope itself rather than TypedResults: the body must be exactly
/// <c>{"ok":true,"result":...}</c> or the error envelope, serialized with Telegram.Bot's own JSON options,
/// and this is the hot path of the load tests.
/// </summary>
public static class BotApi
{
    // Telegram writes text as is (an apostrophe stays an apostrophe), not HTML-safe escapes.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapBotApi(this IEndpointRouteBuilder app)
    {
        string[] verbs = [HttpMethods.Get, HttpMethods.Post];
        app.MapMethods("/bot{token}/{method}", verbs, HandleAsync).ExcludeFromDescription();
        app.MapMethods("/bot{token}/test/{method}", verbs, HandleAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task HandleAsync(HttpContext context, string token, string method, SandboxState state, BotMethods methods, ILogger<BotMethods> logger)
    {
        try
        {
            var bot = state.FindByToken(token) ?? throw BotApiException.Unauthorized();
            using var request = await BotRequest.ReadAsync(context.Request, context.RequestAborted);
            var result = await methods.InvokeAsync(method, bot, request, context.RequestAborted);
            await WriteResultAsync(context.Response, result);
        }
        catch (BotApiException error)
        {
            await WriteErrorAsync(context.Response, error);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (a long poll cancelled, a load test stopped): nobody to answer.
        }
        catch (BadHttpRequestException exception)
        {
            await WriteErrorAsync(context.Response, BotApiException.BadRequest(exception.Message));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The sandbox must answer bad input with Telegram's envelope, never a bare 500.
            logger.LogWarning(exception, "{Method} failed on unexpected input", method);
            await WriteErrorAsync(context.Response, BotApiException.BadRequest(exception.Message));
        }
    }

    private static Task WriteResultAsync(HttpResponse response, BotResult result)
    {
        var body = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", true);
            writer.WritePropertyName("result");
            if (result.Value is IReadOnlyList<PendingUpdate> updates)
            {
                // Updates were serialized once when queued.
                writer.WriteStartArray();
                foreach (var update in updates)
                {
                    writer.WriteRawValue(update.Json, skipInputValidation: true);
                }
                writer.WriteEndArray();
            }
            else
            {
                JsonSerializer.Serialize(writer, result.Value, result.Type, BotJson.Options);
            }
            if (result.Description is { } description)
            {
                writer.WriteString("description", description);
            }
            writer.WriteEndObject();
        }
        return SendAsync(response, StatusCodes.Status200OK, body);
    }

    private static Task WriteErrorAsync(HttpResponse response, BotApiException error)
    {
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }
        if (error.RetryAfter is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        var body = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", false);
            writer.WriteNumber("error_code", error.ErrorCode);
            writer.WriteString("description", error.Message);
            if (error.RetryAfter is { } retryAfter)
            {
                writer.WriteStartObject("parameters");
                writer.WriteNumber("retry_after", retryAfter);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return SendAsync(response, error.ErrorCode, body);
    }

    // With a Content-Length, as Telegram answers, rather than chunked.
    private static Task SendAsync(HttpResponse response, int statusCode, ArrayBufferWriter<byte> body)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.WrittenCount;
        return response.Body.WriteAsync(body.WrittenMemory).AsTask();
    }
}
