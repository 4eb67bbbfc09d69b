using System.Reflection;

namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Loads the AppHost's own Program up to <c>Build()</c> and returns its builder, as Aspire.Hosting.Testing's
/// <c>DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.X_AppHost&gt;()</c> does, so that a test runs
/// exactly the app model the AppHost declares; each call gets its own state directory and ports.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static IDistributedApplicationBuilder Create(params string[] args) =>
        Create(TestStateDirectory.Create("apphost"), disableDashboard: true, args);

    public static IDistributedApplicationBuilder Create(string stateDirectory, bool disableDashboard, params string[] args)
    {
        var appHost = Assembly.Load("LoyalityBot.AppHost");
        var entryPoint = appHost.EntryPoint ?? throw new InvalidOperationException("LoyalityBot.AppHost has no entry point.");
        var options = new DistributedApplicationOptions
        {
            Args = args,
            AppHostAssembly = appHost,
            StateDirectory = stateDirectory,
            DisableDashboard = disableDashboard,
        };
        return DistributedApplicationTestingHook.CaptureBuilder(options, a => entryPoint.Invoke(null, [a]));
    }

    /// <summary>A builder for a small app model of a test's own, with a fresh state directory.</summary>
    public static IDistributedApplicationBuilder CreateEmpty(string name, string? stateDirectory = null) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            AppHostAssembly = Assembly.Load("LoyalityBot.AppHost"),
            StateDirectory = stateDirectory ?? TestStateDirectory.Create(name),
            DisableDashboard = true,
        });
}
