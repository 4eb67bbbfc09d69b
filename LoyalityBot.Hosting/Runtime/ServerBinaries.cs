namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// Finds server programs on PATH or in Debian's locations. <see cref="SearchPath"/> can be replaced
/// (the <c>LOYALITYBOT_SERVER_PATH</c> variable) to point at other installations.
/// </summary>
public sealed class ServerBinaries(IReadOnlyList<string> searchPath)
{
    public IReadOnlyList<string> SearchPath { get; } = searchPath;

    public static ServerBinaries FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable("LOYALITYBOT_SERVER_PATH");
        var path = configured ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        var directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (configured is null)
        {
            // Debian keeps Postgres' server programs out of PATH, one directory per major version (newest first).
            if (Directory.Exists("/usr/lib/postgresql"))
            {
                directories.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                    .Select(d => Path.Combine(d, "bin")));
            }
            directories.AddRange(["/usr/sbin", "/usr/lib/rabbitmq/bin", "/usr/lib/erlang/bin"]);
        }
        return new ServerBinaries(directories);
    }

    /// <summary>The full path of <paramref name="program"/>, or a <see cref="MissingPrerequisiteException"/> naming the package.</summary>
    public string Find(string program, string package) =>
        TryFind(program) ?? throw new MissingPrerequisiteException(program, package);

    public string? TryFind(string program) =>
        SearchPath.Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
