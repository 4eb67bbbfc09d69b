namespace LoyalityBot.Hosting;

/// <summary>
/// Lets a test run the AppHost's Program up to <c>Build()</c> and take its builder, as Aspire.Hosting.Testing does,
/// so tests start exactly the app model the AppHost declares. Scoped to the calling async flow.
/// </summary>
public static class DistributedApplicationTestingHook
{
    private static readonly AsyncLocal<Interception?> Current = new();

    private sealed class Interception(DistributedApplicationOptions options)
    {
        public DistributedApplicationOptions Options { get; } = options;

        public IDistributedApplicationBuilder? Builder { get; set; }
    }

    /// <summary>Runs <paramref name="entryPoint"/> (the AppHost's Main) with <paramref name="options"/> and returns its builder.</summary>
    public static IDistributedApplicationBuilder CaptureBuilder(DistributedApplicationOptions options, Action<string[]> entryPoint)
    {
        var interception = new Interception(options);
        Current.Value = interception;
        try
        {
            entryPoint(options.Args);
        }
        catch (Exception ex) when (Unwrap(ex) is Microsoft.Extensions.Hosting.HostAbortedException && interception.Builder is not null)
        {
            return interception.Builder;
        }
        finally
        {
            Current.Value = null;
        }
        throw new InvalidOperationException("The AppHost's Program did not call Build() on its builder.");
    }

    private static Exception Unwrap(Exception ex) =>
        ex is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner) : ex;

    /// <summary>The options a test asked for, when CreateBuilder runs under <see cref="CaptureBuilder"/>.</summary>
    internal static DistributedApplicationOptions? OverrideOptions => Current.Value?.Options;

    internal static bool TryIntercept(IDistributedApplicationBuilder builder)
    {
        if (Current.Value is not { Builder: null } interception)
        {
            return false;
        }
        interception.Builder = builder;
        return true;
    }
}
