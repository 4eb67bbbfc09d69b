using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyalityBot.TelegramSandbox.Apis;

/// <summary>The web chat page at the root, served from resources embedded in the assembly.</summary>
public static class WebChatApi
{
    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Assets = Load();

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Asset("index.html")).ExcludeFromDescription();
        app.MapGet("/webchat/{name}", (string name) => Asset(name)).ExcludeFromDescription();
        return app;
    }

    private static Results<FileContentHttpResult, NotFound> Asset(string name) =>
        Assets.TryGetValue(name, out var asset) ? TypedResults.File(asset.Content, asset.ContentType) : TypedResults.NotFound();

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(WebChatApi).Assembly;
        const string prefix = "WebChat/";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (copy.ToArray(), Services.MimeTypes.FromFileName(name) + (name.EndsWith(".png", StringComparison.Ordinal) ? "" : "; charset=utf-8"));
            });
    }
}
