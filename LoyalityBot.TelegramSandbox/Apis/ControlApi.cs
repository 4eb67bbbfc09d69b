using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>The control API for tests and tools: bots, users, limits, counters, files and reset. Its own OpenAPI document is "control".</summary>
public static class ControlApi
{
    public const string DocumentName = "control";

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control").WithGroupName(DocumentName).AddEndpointFilter(ControlErrors.FilterAsync);

        control.MapGet("/bots", (SandboxState state) => TypedResults.Ok(state.Bots.Select(bot => bot.Describe())));
        control.MapPost("/bots", CreateBot);
        control.MapGet("/bots/{bot}", (string bot, SandboxState state) => TypedResults.Ok(ControlErrors.Bot(state, bot).Describe()));
        control.MapGet("/bots/{bot}/counters", (string bot, SandboxState state) => TypedResults.Ok(ControlErrors.Bot(state, bot).Counters.Snapshot()));
        control.MapGet("/bots/{bot}/reply-latency", (string bot, SandboxState state) => TypedResults.Ok(ControlErrors.Bot(state, bot).Latency.Snapshot()));
        control.MapDelete("/bots/{bot}/reply-latency", (string bot, SandboxState state) =>
        {
            ControlErrors.Bot(state, bot).Latency.Reset();
            return TypedResults.NoContent();
        });
        control.MapPost("/bots/{bot}/groups", CreateGroup);
        control.MapGet("/bots/{bot}/chats/{chatId:long}", GetChat);

        control.MapGet("/users", (SandboxState state) => TypedResults.Ok(state.Users));
        control.MapPost("/users", CreateUser);
        control.MapGet("/users/{userId:long}", (long userId, SandboxState state) => TypedResults.Ok(ControlErrors.User(state, userId)));

        control.MapGet("/limits", (SandboxState state) => TypedResults.Ok(state.Limits));
        control.MapPut("/limits", SetLimits);
        control.MapPost("/reset", Reset);
        control.MapGet("/files/{fileId}", DownloadFile);
        return app;
    }

    private static Created<SandboxBot> CreateBot(CreateBotRequest request, SandboxState state)
    {
        var bot = state.AddBot(request.Name, request.Token, request.Username).Describe();
        return TypedResults.Created($"/control/bots/{bot.Name}", bot);
    }

    private static Created<SandboxUser> CreateUser(CreateUserRequest request, SandboxState state)
    {
        var user = state.AddUser(request);
        return TypedResults.Created($"/control/users/{user.Id}", user);
    }

    private static Created<SandboxChat> CreateGroup(string bot, CreateGroupRequest request, SandboxState state)
    {
        var owner = ControlErrors.Bot(state, bot);
        var group = state.AddGroup(owner, string.IsNullOrWhiteSpace(request.Title) ? throw ControlException.Invalid("A group needs a title.") : request.Title);
        return TypedResults.Created($"/control/bots/{owner.Name}/chats/{group.Id}", ChatViews.Describe(owner, group));
    }

    private static Results<Ok<SandboxChat>, NotFound> GetChat(string bot, long chatId, SandboxState state)
    {
        var owner = ControlErrors.Bot(state, bot);
        return owner.Chats.TryGetValue(chatId, out var chat) ? TypedResults.Ok(ChatViews.Describe(owner, chat)) : TypedResults.NotFound();
    }

    private static Ok<SandboxLimits> SetLimits(SandboxLimits limits, SandboxState state)
    {
        if (limits.PerChatPerSecond <= 0 || limits.PerBotPerSecond <= 0 || limits.PerGroupPerMinute <= 0
            || limits.PerChatBurst < 1 || limits.PerBotBurst < 1 || limits.PerGroupBurst < 1)
        {
            throw ControlException.Invalid("Rates must be positive and bursts at least 1.");
        }
        state.Limits = limits;
        return TypedResults.Ok(limits);
    }

    private static NoContent Reset(SandboxState state)
    {
        state.Reset();
        return TypedResults.NoContent();
    }

    private static Results<FileContentHttpResult, NotFound> DownloadFile(string fileId, SandboxState state) =>
        state.Files.Find(fileId) is { } file
            ? TypedResults.File(file.Content, file.MimeType ?? "application/octet-stream", file.FileName)
            : TypedResults.NotFound();
}
