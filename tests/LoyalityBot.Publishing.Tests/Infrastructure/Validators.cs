namespace LoyalityBot.Publishing.Tests.Infrastructure;

/// <summary>
/// The npm validators in <c>validators/</c> (kubernetes-models, prometheus-operator models, ajv), installed
/// with <c>npm ci</c> from the committed lock file when node_modules is missing or older than the lock.
/// </summary>
public static class Validators
{
    private static readonly SemaphoreSlim Install = new(1, 1);

    public static async Task<string> RunAsync(string script, params string[] args)
    {
        await EnsureInstalledAsync();
        return await Command.RunAsync("node", RepositoryPaths.Validators, [script, .. args]);
    }

    private static async Task EnsureInstalledAsync()
    {
        await Install.WaitAsync();
        try
        {
            var installed = Path.Combine(RepositoryPaths.Validators, "node_modules", ".package-lock.json");
            var lockFile = Path.Combine(RepositoryPaths.Validators, "package-lock.json");
            if (!File.Exists(installed) || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(lockFile))
            {
                Console.Error.WriteLine($"[publishing tests] npm ci --prefix {RepositoryPaths.Validators}");
                await Command.RunAsync("npm", RepositoryPaths.Validators, "ci", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", RepositoryPaths.Validators);
            }
        }
        finally
        {
            Install.Release();
        }
    }
}
