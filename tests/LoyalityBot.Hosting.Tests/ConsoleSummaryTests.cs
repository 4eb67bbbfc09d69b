using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting.Tests;

/// <summary>
/// What the AppHost prints: where its state and logs are, the dashboard's login URL with its token, one line when a
/// resource becomes ready, fails or turns unhealthy, and the resource table. AppHostProcessTests checks that the
/// <c>check</c> verb prints a table; these pin what it says.
/// </summary>
public sealed class ConsoleSummaryTests
{
    [Fact]
    public void The_start_banner_names_the_state_and_log_directories_and_the_dashboard_login_url()
    {
        using var output = new StringWriter();

        new ConsoleSummary(output).PrintStarted("/srv/lb/.loyalitybot", "http://localhost:18888/login?t=0123abcd");

        Assert.Equal(
            "LoyalityBot AppHost: state in /srv/lb/.loyalitybot (logs in /srv/lb/.loyalitybot/logs)\n"
            + "Dashboard: http://localhost:18888/login?t=0123abcd\n",
            output.ToString());
    }

    [Fact]
    public void Without_a_dashboard_the_banner_says_it_is_off()
    {
        using var output = new StringWriter();

        new ConsoleSummary(output).PrintStarted("/srv/lb/.loyalitybot", dashboardLoginUrl: null);

        Assert.EndsWith("Dashboard: off\n", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_table_has_one_aligned_row_per_resource_with_type_state_health_replicas_and_endpoints()
    {
        using var output = new StringWriter();

        new ConsoleSummary(output).PrintTable([
            Resource("postgres", "Postgres", KnownResourceStates.Running, "Healthy", 1, "tcp://127.0.0.1:5432"),
            Resource("migrations", "Project (job)", KnownResourceStates.Finished, "Healthy", 1),
            Resource("bots", "Project", KnownResourceStates.Running, "Unhealthy", 3, "http://127.0.0.1:40001", "http://127.0.0.1:40002"),
        ]);

        Assert.Equal(
            [
                "RESOURCE           TYPE                           STATE        HEALTH     REPLICAS  ENDPOINTS",
                "postgres           Postgres                       Running      Healthy           1  tcp://127.0.0.1:5432",
                "migrations         Project (job)                  Finished     Healthy           1  ",
                "bots               Project                        Running      Unhealthy         3  http://127.0.0.1:40001 http://127.0.0.1:40002",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Not a firehose: probes while starting print nothing, then one line per change of what a user needs to know.</summary>
    [Fact]
    public void Resource_changes_print_one_line_when_ready_failed_finished_or_unhealthy_again_and_nothing_for_repeats()
    {
        using var output = new StringWriter();
        var summary = new ConsoleSummary(output);

        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Starting, "Unknown", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Unhealthy", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Healthy", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Healthy", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Unhealthy", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Unhealthy", 1));
        summary.OnResourceChanged(Resource("cache", "Redis", KnownResourceStates.Running, "Healthy", 1));
        summary.OnResourceChanged(Resource("migrations", "Project (job)", KnownResourceStates.Finished, "Unknown", 1));
        summary.OnResourceChanged(Resource("workers", "Project", KnownResourceStates.FailedToStart, "Unknown", 2));

        Assert.Equal(
            [
                "  cache              ready",
                "  cache              UNHEALTHY",
                "  cache              ready",
                "  migrations         finished",
                "  workers            FAILED (FailedToStart)",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static ResourceSnapshot Resource(string name, string type, string state, string health, int replicas, params string[] endpoints) =>
        new(name, type, state, health, replicas, endpoints, [], Restarts: 0, StartedAt: null, UptimeSeconds: null);
}
