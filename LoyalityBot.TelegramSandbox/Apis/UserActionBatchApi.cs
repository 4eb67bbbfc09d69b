using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>
/// Control API for load tests: many users act toward one bot in one request (send a text, or press an inline button by
/// its callback data), so a load generator offering thousands of updates per second costs the machine little.
/// Each action is what its single-user route does; one that fails is reported and the others still happen.
/// </summary>
public static class UserActionBatchApi
{
    public const int MaxActions = 1000;

    public static IEndpointRouteBuilder MapUserActionBatchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/control/bots/{bot}/actions", Act)
            .WithGroupName(ControlApi.DocumentName)
            .AddEndpointFilter(ControlErrors.FilterAsync);
        return app;
    }

    private static Ok<UserActionsResult> Act(string bot, UserAction[] actions, SandboxState state, UserActions users)
    {
        if (actions.Length is 0 or > MaxActions)
        {
            throw ControlException.Invalid($"Send 1 to {MaxActions} actions.");
        }
        var owner = ControlErrors.Bot(state, bot);
        var errors = new List<string>();
        foreach (var action in actions)
        {
            try
            {
                var user = ControlErrors.User(state, action.UserId);
                if (action is { Text: { } text, CallbackData: null })
                {
                    users.SendText(owner, user, text);
                }
                else if (action is { Text: null, CallbackData: { } data })
                {
                    users.PressInlineButton(owner, user, new PressInlineButtonRequest(CallbackData: data));
                }
                else
                {
                    throw ControlException.Invalid("An action is a text or a callback data, not both or neither.");
                }
            }
            catch (ControlException exception)
            {
                errors.Add($"user {action.UserId}: {exception.Message}");
            }
        }
        return TypedResults.Ok(new UserActionsResult(actions.Length - errors.Count, errors));
    }
}
