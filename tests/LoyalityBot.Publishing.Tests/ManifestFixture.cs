using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

/// <summary>The AppHost's manifest, published once into a temporary folder.</summary>
public sealed class ManifestFixture : IAsyncLifetime
{
    public string Directory { get; } = Publish.TemporaryDirectory("manifest");

    public string Path => System.IO.Path.Combine(Directory, "aspire-manifest.json");

    public JsonObject Manifest { get; private set; } = null!;

    public JsonObject Resources => Manifest["resources"]!.AsObject();

    public async ValueTask InitializeAsync()
    {
        await Publish.RunAsync("manifest", Path);
        Manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path))!.AsObject();
    }

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
