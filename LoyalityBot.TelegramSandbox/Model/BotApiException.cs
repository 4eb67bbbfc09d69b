namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>A Bot API error: the HTTP status equals <see cref="ErrorCode"/> and the body is Telegram's error envelope.</summary>
public sealed class BotApiException(int errorCode, string description, int? retryAfter = null) : Exception(description)
{
    public int ErrorCode { get; } = errorCode;

    public int? RetryAfter { get; } = retryAfter;

    public static BotApiException BadRequest(string detail) => new(400, $"Bad Request: {detail}");

    public static BotApiException Forbidden(string detail) => new(403, $"Forbidden: {detail}");

    public static BotApiException Conflict(string detail) => new(409, $"Conflict: {detail}");

    public static BotApiException TooManyRequests(int retryAfter) =>
        new(429, $"Too Many Requests: retry after {retryAfter}", retryAfter);

    public static BotApiException Unauthorized() => new(401, "Unauthorized: invalid token specified");

    public static BotApiException MethodNotFound() => new(404, "Not Found: method not found");

    public static BotApiException ChatNotFound() => BadRequest("chat not found");
}
