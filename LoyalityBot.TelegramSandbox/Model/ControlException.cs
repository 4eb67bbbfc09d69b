namespace LoyalityBot.TelegramSandbox.Model;

/// <summary>A control API request that cannot be done (unknown bot or user, no such button...): a problem response.</summary>
public sealed class ControlException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ControlException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static ControlException Invalid(string message) => new(StatusCodes.Status400BadRequest, message);
}
