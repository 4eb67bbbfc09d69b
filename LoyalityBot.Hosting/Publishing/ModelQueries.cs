using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LoyalityBot.Hosting.ApplicationModel;

namespace LoyalityBot.Hosting.Publishing;

/// <summary>Questions both publishers ask of the app model.</summary>
internal static partial class ModelQueries
{
    /// <summary>Projects others wait for with <c>WaitForCompletion</c>: migrators, run once as a Job.</summary>
    public static HashSet<IResource> RunToCompletion(IEnumerable<IResource> resources) =>
        [.. resources.SelectMany(r => r.Annotations.OfType<WaitAnnotation>()).Where(w => w.WaitType == WaitType.WaitForCompletion).Select(w => w.Resource)];

    public static int Replicas(IResource resource) => resource switch
    {
        ProjectResource project => project.Replicas,
        PostgresReplicasResource replicas => replicas.Count,
        _ => 1,
    };

    /// <summary>The environment in publish mode, with every value as a manifest expression (placeholders).</summary>
    public static List<KeyValuePair<string, string>> EnvironmentExpressions(IResource resource) =>
        [.. ResourceEnvironment.Collect(resource, new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish))
            .Select(e => KeyValuePair.Create(e.Key, e.Value switch
            {
                IValueProvider provider => provider.ValueExpression,
                var other => other.ToString() ?? "",
            }))];

    /// <summary>Placeholders in an expression: <c>{postgres.connectionString}</c> gives ("postgres", "connectionString").</summary>
    public static IEnumerable<(string Resource, string Path)> Placeholders(string expression) =>
        PlaceholderPattern().Matches(expression).Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    [GeneratedRegex(@"\{([a-zA-Z][a-zA-Z0-9-]*)\.([a-zA-Z0-9.-]+)\}")]
    public static partial Regex PlaceholderPattern();

    /// <summary>A stable short hash, as Aspire names volumes (<c>{apphost}-{hash}-{resource}-data</c>), from names only.</summary>
    public static string StableHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..10];

    /// <summary>Writes text with '\n' line ends, creating the folder.</summary>
    public static async Task WriteFileAsync(string path, string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
    }
}
