using LoyalityBot.TelegramSandbox.Services;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>File downloads as Telegram serves them: <c>/file/bot{token}/{file_path}</c>, file_path from getFile.</summary>
public static class FileApi
{
    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/file/bot{token}/{**path}", Download).ExcludeFromDescription();
        return app;
    }

    private static IResult Download(string token, string path, SandboxState state)
    {
        if (state.FindByToken(token) is null)
        {
            return TypedResults.Unauthorized();
        }
        return state.Files.FindByPath(path) is { } file
            ? TypedResults.File(file.Content, file.MimeType ?? "application/octet-stream", file.FileName)
            : TypedResults.NotFound();
    }
}
