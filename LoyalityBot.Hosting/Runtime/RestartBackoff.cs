namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// How long a replica waits before it is started again after an unexpected exit: <see cref="Initial"/>, doubling
/// after each quick exit up to <see cref="Max"/>, back to <see cref="Initial"/> once a process ran for
/// <see cref="HealthyRun"/> (a crash after a long healthy run is not a crash loop).
/// </summary>
internal sealed record RestartBackoff(TimeSpan Initial, TimeSpan Max, TimeSpan HealthyRun)
{
    public static readonly RestartBackoff Default = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));

    /// <summary>The delay after an exit, given the previous delay (null for the first) and how long the process ran.</summary>
    public TimeSpan Next(TimeSpan? previous, TimeSpan ranFor) =>
        previous is not { } last || ranFor > HealthyRun ? Initial : TimeSpan.FromTicks(Math.Min(last.Ticks * 2, Max.Ticks));
}
