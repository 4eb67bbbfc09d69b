namespace LoyalityBot.Hosting.Tests;

public sealed class AppHostCommandLineTests
{
    [Fact]
    public void Publisher_arguments_are_read_like_aspire()
    {
        var line = AppHostCommandLine.Parse(["--publisher", "manifest", "--output-path", "out/aspire-manifest.json", "--Dashboard:Port=1"]);

        Assert.Equal("manifest", line.Publisher);
        Assert.Equal("out/aspire-manifest.json", line.OutputPath);
        Assert.False(line.Check);
        Assert.Equal(["--Dashboard:Port=1"], line.ConfigurationArgs);
    }

    [Fact]
    public void Check_and_fresh_are_verbs_not_configuration()
    {
        var line = AppHostCommandLine.Parse(["check", "--fresh"]);

        Assert.True(line.Check);
        Assert.True(line.Fresh);
        Assert.Empty(line.ConfigurationArgs);
    }

    [Fact]
    public void A_publisher_without_an_output_path_is_an_error()
    {
        var error = Assert.Throws<ArgumentException>(() => AppHostCommandLine.Parse(["--publisher", "manifest"]));

        Assert.Contains("--output-path", error.Message, StringComparison.Ordinal);
    }
}
