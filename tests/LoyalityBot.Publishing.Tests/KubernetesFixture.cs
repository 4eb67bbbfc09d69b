using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

/// <summary>
/// The AppHost's kustomize tree, published once; each overlay's secret files filled with random values (as an
/// operator would), built with <c>kubectl kustomize</c> and validated against the Kubernetes API schemas.
/// </summary>
public sealed partial class KubernetesFixture : IAsyncLifetime
{
    public string Directory { get; } = Publish.TemporaryDirectory("kubernetes");

    /// <summary>The tree as the publisher wrote it, before any secret file was added.</summary>
    public SortedDictionary<string, byte[]> Published { get; private set; } = null!;

    public IReadOnlyList<string> Regions { get; private set; } = [];

    /// <summary>The secret values this fixture wrote, by region.</summary>
    public Dictionary<string, Dictionary<string, string>> SecretValues { get; } = [];

    /// <summary>The built documents of each region's overlay.</summary>
    public Dictionary<string, List<JsonObject>> Built { get; } = [];

    public string ValidatorOutput { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Publish.RunAsync("kubernetes", Directory);
        Published = Publish.ReadTree(Directory);
        Regions = [.. System.IO.Directory.GetDirectories(Path.Combine(Directory, "overlays")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
        var builtFiles = new List<string>();
        foreach (var region in Regions)
        {
            var overlay = Path.Combine(Directory, "overlays", region);
            var kustomization = await File.ReadAllTextAsync(Path.Combine(overlay, "kustomization.yaml"));
            SecretValues[region] = SecretFile().Matches(kustomization).ToDictionary(m => m.Groups[1].Value, _ => RandomNumberGenerator.GetHexString(32, lowercase: true));
            foreach (var (key, value) in SecretValues[region])
            {
                await File.WriteAllTextAsync(Path.Combine(overlay, "secrets", key), value);
            }
            var built = Path.Combine(Directory, $"built-{region}.yaml");
            await File.WriteAllTextAsync(built, await Command.RunAsync("kubectl", Directory, "kustomize", overlay));
            builtFiles.Add(built);
        }
        var dump = Path.Combine(Directory, "built.json");
        ValidatorOutput = await Validators.RunAsync("validate-kubernetes.mjs", ["--dump", dump, .. builtFiles]);
        foreach (var entry in JsonNode.Parse(await File.ReadAllTextAsync(dump))!.AsArray())
        {
            var region = Regions[builtFiles.IndexOf((string)entry!["file"]!)];
            (Built.TryGetValue(region, out var list) ? list : Built[region] = []).Add(entry["document"]!.AsObject());
        }
    }

    public IEnumerable<JsonObject> Documents(string region, string kind) => Built[region].Where(d => (string?)d["kind"] == kind);

    public JsonObject Document(string region, string kind, string name) =>
        Documents(region, kind).SingleOrDefault(d => (string?)d["metadata"]!["name"] == name)
        ?? throw new Xunit.Sdk.XunitException($"{region}: no {kind} named {name}");

    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"- ([a-z0-9-]+)=secrets/\1")]
    private static partial Regex SecretFile();
}
