using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>Control API lookups and the filter that turns their failures into problem responses.</summary>
public static class ControlErrors
{
    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ControlException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: exception.StatusCode);
        }
        catch (ArgumentException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    public static BotState Bot(SandboxState state, string key) =>
        state.FindBot(key) ?? throw ControlException.NotFound($"No bot '{key}'.");

    public static SandboxUser User(SandboxState state, long id) =>
        state.FindUser(id) ?? throw ControlException.NotFound($"No user {id}.");
}
