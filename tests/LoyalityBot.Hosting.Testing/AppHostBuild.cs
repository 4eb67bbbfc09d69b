using System.Reflection;

namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Where the AppHost was built from and in which configuration (its assembly metadata, as the AppHost itself reads
/// it): the build outputs its project runner starts the services from.
/// </summary>
public static class AppHostBuild
{
    private static readonly Assembly AppHost = Assembly.Load("LoyalityBot.AppHost");

    public static string ProjectDirectory { get; } = Metadata("AppHostProjectDirectory");

    public static string Configuration { get; } = Metadata("AppHostConfiguration");

    /// <summary>The solution's root, where every project's directory is.</summary>
    public static string RepositoryRoot => Path.GetDirectoryName(ProjectDirectory.TrimEnd('/'))!;

    /// <summary>A file of <paramref name="project"/>'s build output, in the AppHost's configuration.</summary>
    public static string Output(string project, string fileName) =>
        Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", fileName);

    private static string Metadata(string key) =>
        AppHost.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
