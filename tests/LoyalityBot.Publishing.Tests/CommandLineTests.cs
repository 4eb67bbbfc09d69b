using System.Reflection;
using LoyalityBot.Publishing.Tests.Infrastructure;

namespace LoyalityBot.Publishing.Tests;

/// <summary>The AppHost as a process, with Aspire's command line: <c>--publisher NAME --output-path PATH</c>.</summary>
public sealed class CommandLineTests
{
    private static string AppHost => Assembly.Load("LoyalityBot.AppHost").Location;

    [Theory]
    [InlineData("manifest", "aspire-manifest.json")]
    [InlineData("kubernetes", "overlays/eu/kustomization.yaml")]
    public async Task The_apphost_publishes_from_its_command_line(string publisher, string expectedFile)
    {
        var output = Publish.TemporaryDirectory($"cli-{publisher}");
        try
        {
            var target = publisher == "manifest" ? Path.Combine(output, "aspire-manifest.json") : output;

            var printed = await Command.RunAsync("dotnet", output, AppHost, "--publisher", publisher, "--output-path", target);

            Assert.Contains($"Published {publisher} to: {target}", printed, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, expectedFile)), $"{expectedFile} was not written");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_publisher_fails_and_names_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Command.RunAsync("dotnet", Path.GetTempPath(), AppHost, "--publisher", "helm", "--output-path", Path.Combine(Path.GetTempPath(), "unused")));

        Assert.Contains("Known: manifest, kubernetes", error.Message, StringComparison.Ordinal);
    }
}
