using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

/// <summary>The committed sample under deploy/ is what the AppHost publishes today (regenerate: <c>./build.sh publish</c>).</summary>
public sealed class DeploySampleTests(KubernetesFixture fixture) : IClassFixture<KubernetesFixture>
{
    private const string Regenerate = "deploy/ is stale: run ./build.sh publish and commit the result";

    [Fact]
    public async Task Committed_manifest_is_up_to_date()
    {
        // Published at the same depth as deploy/, so that the projects' relative paths are the same.
        var directory = Path.Combine(RepositoryPaths.Root, $".publish-check-{Guid.NewGuid():N}");
        try
        {
            await Publish.RunAsync("manifest", Path.Combine(directory, "aspire-manifest.json"));

            var published = await File.ReadAllBytesAsync(Path.Combine(directory, "aspire-manifest.json"), TestContext.Current.CancellationToken);
            var committed = await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Deploy, "aspire-manifest.json"), TestContext.Current.CancellationToken);
            Assert.True(published.AsSpan().SequenceEqual(committed), Regenerate);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Committed_kubernetes_tree_is_up_to_date()
    {
        var committed = Publish.ReadTree(Path.Combine(RepositoryPaths.Deploy, "kubernetes"));

        foreach (var (path, bytes) in fixture.Published)
        {
            Assert.True(committed.TryGetValue(path, out var old), $"{Regenerate} (missing {path})");
            Assert.True(bytes.AsSpan().SequenceEqual(old), $"{Regenerate} ({path} differs)");
        }
        // Files the publisher no longer writes; an operator's own secret files are not the sample's.
        var extra = committed.Keys.Where(p => !fixture.Published.ContainsKey(p) && !p.Contains("/secrets/", StringComparison.Ordinal));
        Assert.True(!extra.Any(), $"{Regenerate} (no longer published: {string.Join(", ", extra)})");
    }
}
