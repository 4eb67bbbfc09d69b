using System.Diagnostics;

namespace LoyalityBot.Publishing.Tests.Infrastructure;

/// <summary>Runs a tool (kubectl, node, npm) and returns its output; a non-zero exit fails with everything it printed.</summary>
public static class Command
{
    public static async Task<string> RunAsync(string fileName, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
        return await output;
    }
}
