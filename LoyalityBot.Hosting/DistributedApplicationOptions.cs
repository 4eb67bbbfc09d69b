namespace LoyalityBot.Hosting;

/// <summary>Settings of one AppHost run; tests set them through the testing builder.</summary>
public sealed class DistributedApplicationOptions
{
    public string[] Args { get; init; } = [];

    /// <summary>The assembly whose metadata names the AppHost project directory; defaults to the entry assembly.</summary>
    public System.Reflection.Assembly? AppHostAssembly { get; init; }

    /// <summary>Where data, passwords and logs live; defaults to <c>.loyalitybot/</c> beside the solution.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Whether to serve the dashboard (tests usually do not need it).</summary>
    public bool DisableDashboard { get; init; }

    /// <summary>Which build output the projects start from ("Release" for a benchmark); defaults to the AppHost's own.</summary>
    public string? BuildConfiguration { get; init; }
}
