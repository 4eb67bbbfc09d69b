namespace LoyalityBot.Benchmarks;

/// <summary>
/// One `./build.sh bench &lt;Name&gt;` command. It prints progress as it goes and ends by printing
/// its headline figures through <see cref="BenchmarkReport.Figure"/>.
/// </summary>
public interface IBenchmark
{
    /// <summary>The name on the command line, for example "startup".</summary>
    string Name { get; }

    Task RunAsync(string[] args, CancellationToken cancellationToken);
}
