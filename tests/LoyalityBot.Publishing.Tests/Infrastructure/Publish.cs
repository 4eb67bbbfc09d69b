using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Publishing.Tests.Infrastructure;

/// <summary>Runs the AppHost's real app model with <c>--publisher NAME --output-path PATH</c>, as the command line does.</summary>
public static class Publish
{
    public static async Task RunAsync(string publisher, string outputPath)
    {
        var builder = DistributedApplicationTestingBuilder.Create("--publisher", publisher, "--output-path", outputPath);
        await using var app = builder.Build();
        await app.RunAsync(TestContext.Current.CancellationToken);
    }

    public static string TemporaryDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "loyalitybot-publishing", $"{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Every file under <paramref name="root"/> by '/'-separated relative path.</summary>
    public static SortedDictionary<string, byte[]> ReadTree(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllBytes), StringComparer.Ordinal);
}
