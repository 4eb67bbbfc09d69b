using System.Globalization;

namespace LoyalityBot.Benchmarks;

public static class BenchmarkReport
{
    /// <summary>Prints a headline figure in the form the issues ask for: <c>bench: &lt;figure&gt; &lt;value&gt; &lt;unit&gt;</c>.</summary>
    public static void Figure(string name, double value, string unit = "") =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {name} {value:0.###} {unit}").TrimEnd());

    public static void Progress(string message) =>
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
