using System.Net.ServerSentEvents;
using System.Threading.Channels;
using LoyalityBot.TelegramSandbox.Client;
using LoyalityBot.TelegramSandbox.Model;
using LoyalityBot.TelegramSandbox.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>
/// Control API: act as a user in the private chat with a bot (send text, /start with a payload, a contact,
/// a photo or document, press buttons, block), read the transcript, and follow it live (server-sent events).
/// </summary>
public static class UserChatApi
{
    public static IEndpointRouteBuilder MapUserChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapGroup("/control/bots/{bot}/users/{userId:long}")
            .WithGroupName(ControlApi.DocumentName)
            .AddEndpointFilter(ControlErrors.FilterAsync);

        chat.MapPost("/messages", (string bot, long userId, SendTextRequest request, SandboxState state, UserActions actions) =>
            Act(state, bot, userId, (b, u) => actions.SendText(b, u, request.Text)));
        chat.MapPost("/start", (string bot, long userId, StartRequest request, SandboxState state, UserActions actions) =>
            Act(state, bot, userId, (b, u) => actions.Start(b, u, request.Payload)));
        chat.MapPost("/contact", (string bot, long userId, SandboxState state, UserActions actions) =>
            Act(state, bot, userId, actions.ShareContact));
        chat.MapPost("/photo", async (string bot, long userId, IFormFile file, [FromForm] string? caption, SandboxState state, UserActions actions) =>
        {
            var content = await ReadAsync(file);
            return Act(state, bot, userId, (b, u) => actions.SendPhoto(b, u, content, caption));
        }).DisableAntiforgery();
        chat.MapPost("/document", async (string bot, long userId, IFormFile file, [FromForm] string? caption, SandboxState state, UserActions actions) =>
        {
            var content = await ReadAsync(file);
            var mimeType = file.ContentType is { Length: > 0 } type && type != "application/octet-stream" ? type : null;
            return Act(state, bot, userId, (b, u) => actions.SendDocument(b, u, content, file.FileName, mimeType, caption));
        }).DisableAntiforgery();
        chat.MapPost("/reply-button", (string bot, long userId, PressReplyButtonRequest request, SandboxState state, UserActions actions) =>
            Act(state, bot, userId, (b, u) => actions.PressReplyButton(b, u, request.Text)));
        chat.MapPost("/inline-button", (string bot, long userId, PressInlineButtonRequest request, SandboxState state, UserActions actions) =>
            TypedResults.Ok(actions.PressInlineButton(ControlErrors.Bot(state, bot), ControlErrors.User(state, userId), request)));
        chat.MapPost("/block", (string bot, long userId, SandboxState state, UserActions actions) => SetBlocked(state, actions, bot, userId, true));
        chat.MapPost("/unblock", (string bot, long userId, SandboxState state, UserActions actions) => SetBlocked(state, actions, bot, userId, false));
        chat.MapGet("/transcript", Transcript);
        chat.MapGet("/events", Events);
        return app;
    }

    private static Ok<TranscriptEntry> Act(SandboxState state, string bot, long userId, Func<BotState, SandboxUser, ChatEntry> action) =>
        TypedResults.Ok(Transcripts.ToTranscript(action(ControlErrors.Bot(state, bot), ControlErrors.User(state, userId))));

    private static NoContent SetBlocked(SandboxState state, UserActions actions, string bot, long userId, bool blocked)
    {
        actions.SetBlocked(ControlErrors.Bot(state, bot), ControlErrors.User(state, userId), blocked);
        return TypedResults.NoContent();
    }

    private static Ok<SandboxChat> Transcript(string bot, long userId, SandboxState state)
    {
        var owner = ControlErrors.Bot(state, bot);
        return TypedResults.Ok(ChatViews.Describe(owner, state.PrivateChat(owner, ControlErrors.User(state, userId))));
    }

    /// <summary>
    /// Live changes of the chat as server-sent events: first "ready" (the subscription is on: a transcript read
    /// from now on misses nothing), then "chat" events whose data is a <see cref="ChatEvent"/>.
    /// </summary>
    private static ServerSentEventsResult<ChatEvent?> Events(string bot, long userId, SandboxState state, CancellationToken cancellationToken)
    {
        var chat = state.PrivateChat(ControlErrors.Bot(state, bot), ControlErrors.User(state, userId));
        return TypedResults.ServerSentEvents(Stream(chat.Subscribe(cancellationToken)));
    }

    private static async IAsyncEnumerable<SseItem<ChatEvent?>> Stream(ChannelReader<ChatEvent> reader)
    {
        yield return new SseItem<ChatEvent?>(null, "ready");
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var change))
            {
                yield return new SseItem<ChatEvent?>(change, "chat");
            }
        }
    }

    private static async Task<byte[]> ReadAsync(IFormFile file)
    {
        using var stream = new MemoryStream((int)file.Length);
        await file.CopyToAsync(stream);
        return stream.ToArray();
    }
}
