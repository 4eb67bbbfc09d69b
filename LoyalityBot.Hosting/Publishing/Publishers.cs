using LoyalityBot.Hosting.Publishing.Kubernetes;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>The publishers the AppHost knows, by the name given to <c>--publisher</c>.</summary>
internal static class Publishers
{
    private static readonly IPublisher[] All = [new ManifestPublisher(), new KubernetesPublisher()];

    public static IPublisher Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown publisher '{name}'. Known: {string.Join(", ", All.Select(p => p.Name))}.");
}
