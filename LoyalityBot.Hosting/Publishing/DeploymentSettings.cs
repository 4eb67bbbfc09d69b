using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>
/// A region the Kubernetes publisher writes an overlay for: its own namespace, database, cache, broker and
/// services, reached at <see cref="Host"/>. Clients whose city is in <see cref="Cities"/> live here (docs/regions.md).
/// </summary>
public sealed record DeploymentRegion(
    string Name,
    string Host,
    IReadOnlyList<string> Cities,
    long AlertChatId,
    int MinReplicas = 2,
    int MaxReplicas = 10,
    int TargetCpuUtilization = 70)
{
    /// <summary>Per-project replica counts for this region, when they differ from the app model's.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public string Namespace => $"loyalitybot-{Name}";
}

/// <summary>An Ingress path: requests under <see cref="Path"/> go to <see cref="Project"/>'s http endpoint.</summary>
public sealed record IngressRoute(string Path, string Project);

/// <summary>
/// What the publishers need beyond the app model, declared in the AppHost and kept in configuration under
/// <c>Publishing:</c>, so that a value can also be overridden on the command line
/// (<c>--Publishing:Regions:eu:Host=bots.example.org</c>).
/// </summary>
public sealed record DeploymentSettings(IReadOnlyList<DeploymentRegion> Regions, IReadOnlyList<IngressRoute> Routes)
{
    private const string Section = "Publishing";

    public static DeploymentSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var regions = section.GetSection("Regions").GetChildren().Select(region => new DeploymentRegion(
            region.Key,
            Required(region, "Host"),
            [.. region.GetSection("Cities").GetChildren().Select(c => c.Value ?? "")],
            long.Parse(Required(region, "AlertChatId"), CultureInfo.InvariantCulture),
            Int(region, "MinReplicas", 2),
            Int(region, "MaxReplicas", 10),
            Int(region, "TargetCpuUtilization", 70))
        {
            Replicas = region.GetSection("Replicas").GetChildren()
                .ToDictionary(r => r.Key, r => int.Parse(r.Value ?? "", CultureInfo.InvariantCulture), StringComparer.Ordinal),
        }).ToList();
        var routes = section.GetSection("Ingress").GetChildren()
            .Select(r => new IngressRoute(r.Value ?? "", r.Key))
            .OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
        return new DeploymentSettings(regions, routes);
    }

    /// <summary>Writes the declaration into configuration, leaving any value already configured (command line, env) as it is.</summary>
    internal static void Declare(IConfiguration configuration, DeploymentRegion region)
    {
        var prefix = $"{Section}:Regions:{region.Name}:";
        var values = new Dictionary<string, string>
        {
            ["Host"] = region.Host,
            ["AlertChatId"] = region.AlertChatId.ToString(CultureInfo.InvariantCulture),
            ["MinReplicas"] = region.MinReplicas.ToString(CultureInfo.InvariantCulture),
            ["MaxReplicas"] = region.MaxReplicas.ToString(CultureInfo.InvariantCulture),
            ["TargetCpuUtilization"] = region.TargetCpuUtilization.ToString(CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < region.Cities.Count; i++)
        {
            values[string.Create(CultureInfo.InvariantCulture, $"Cities:{i}")] = region.Cities[i];
        }
        foreach (var (project, replicas) in region.Replicas)
        {
            values[$"Replicas:{project}"] = replicas.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in values)
        {
            configuration[prefix + key] ??= value;
        }
    }

    internal static void Declare(IConfiguration configuration, IngressRoute route) =>
        configuration[$"{Section}:Ingress:{route.Project}"] ??= route.Path;

    private static string Required(IConfigurationSection region, string key) =>
        region[key] ?? throw new InvalidOperationException($"Region '{region.Key}' has no {key} (Publishing:Regions:{region.Key}:{key}).");

    private static int Int(IConfigurationSection region, string key, int fallback) =>
        region[key] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
