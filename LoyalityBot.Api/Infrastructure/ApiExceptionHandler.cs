using LoyalityBot.Media;
using Microsoft.AspNetCore.Diagnostics;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>
/// Turns what bad input can throw into its 4xx problem (a body too large, unreadable JSON, a bad cursor) and
/// anything else into a 500 problem without details, so a client never sees a stack trace.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            MediaTooLargeException => (StatusCodes.Status413PayloadTooLarge, "The upload is too large."),
            FormatException format => (StatusCodes.Status400BadRequest, format.Message),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };
        if (status >= 500)
        {
            LogUnhandled(logger, exception, context.Request.Path);
        }
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
