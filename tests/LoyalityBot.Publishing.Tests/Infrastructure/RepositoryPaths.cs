namespace LoyalityBot.Publishing.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The clone's root: the folder with LoyalityBot.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    public static string Validators => Path.Combine(Root, "tests", "LoyalityBot.Publishing.Tests", "validators");

    public static string Deploy => Path.Combine(Root, "deploy");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LoyalityBot.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("LoyalityBot.sln not found above " + AppContext.BaseDirectory);
    }
}
