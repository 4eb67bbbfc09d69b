using System.Diagnostics;

namespace LoyalityBot.Bots.Tests;

/// <summary>
/// One bot replica as its own process (<c>dotnet LoyalityBot.Bots.dll</c>), configured by environment variables as the
/// AppHost configures it, so a test can kill it for real (SIGKILL) and start it again on the same port.
/// </summary>
internal sealed class BotReplica : IAsyncDisposable
{
    private readonly Process process;

    private BotReplica(Process process, Uri baseAddress, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Output = output;
    }

    /// <summary>The last lines the replica wrote (warnings and errors), for failure messages.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    public static async Task<BotReplica> StartAsync(Uri baseAddress, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var assembly = typeof(LoyalityBot.Bots.Pipeline.UpdatePipeline).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(errors, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var replica = new BotReplica(process, baseAddress, errors);
        using var http = new HttpClient { BaseAddress = baseAddress };
        // A cold start on 2 cores shared with other suites and builds (load averages past 100) can take minutes.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The bot replica exited with code {process.ExitCode}: {string.Join('\n', errors)}");
            }
            try
            {
                using var response = await http.GetAsync("health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return replica;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
            while (lines.Count > 200 && lines.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, in-flight updates die with it.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}
