using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Publishing.Tests;

public sealed class GracefulShutdownTests(KubernetesFixture fixture) : IClassFixture<KubernetesFixture>
{
    [Fact]
    public void The_shutdown_timeout_in_the_config_map_is_the_one_the_services_host_uses()
    {
        // The services are WebApplications; the published env var must reach HostOptions.ShutdownTimeout.
        var config = fixture.Documents("eu", "ConfigMap")
            .Single(c => ((string)c["metadata"]!["name"]!).StartsWith("bots-env-", StringComparison.Ordinal))["data"]!;
        var seconds = (string)config["DOTNET_SHUTDOWNTIMEOUTSECONDS"]!;
        var variable = "DOTNET_SHUTDOWNTIMEOUTSECONDS";
        var previous = Environment.GetEnvironmentVariable(variable);
        try
        {
            // A value other than the 30 s default proves the variable is read, not defaulted.
            Environment.SetEnvironmentVariable(variable, "17");
            Assert.Equal(TimeSpan.FromSeconds(17), ShutdownTimeoutOfANewWebApplication());
            Environment.SetEnvironmentVariable(variable, seconds);
            Assert.Equal(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), ShutdownTimeoutOfANewWebApplication());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, previous);
        }
    }

    private static TimeSpan ShutdownTimeoutOfANewWebApplication()
    {
        using var app = WebApplication.CreateBuilder().Build();
        return app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }
}
