using System.Globalization;

namespace LoyalityBot.Benchmarks;

/// <summary>Options after the benchmark's name: <c>--name value</c>.</summary>
public static class BenchmarkOptions
{
    public static int Int(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, $"--{name}");
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
