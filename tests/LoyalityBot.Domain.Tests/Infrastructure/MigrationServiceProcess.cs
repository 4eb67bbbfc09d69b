using System.Diagnostics;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>Runs the built LoyalityBot.MigrationService as its own process, as the AppHost and the Kubernetes Job do.</summary>
internal static class MigrationServiceProcess
{
    public static async Task<int> RunAsync(string? connectionString, params string[] args) =>
        (await RunWithOutputAsync(connectionString, args)).ExitCode;

    /// <summary>The exit code and what the process printed (standard output, then standard error).</summary>
    public static async Task<(int ExitCode, string Output)> RunWithOutputAsync(string? connectionString, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "LoyalityBot.MigrationService.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["DOTNET_ENVIRONMENT"] = "Development" },
        };
        if (connectionString is not null)
        {
            start.Environment["ConnectionStrings__loyalty"] = connectionString;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(300));
        await process.WaitForExitAsync(timeout.Token);
        var printed = await output + await errors;
        TestContext.Current.TestOutputHelper?.WriteLine(printed);
        return (process.ExitCode, printed);
    }
}
