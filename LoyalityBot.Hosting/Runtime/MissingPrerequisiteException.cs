namespace LoyalityBot.Hosting.Runtime;

/// <summary>A server binary is not installed; the message is the one line the AppHost prints before exiting 1.</summary>
public sealed class MissingPrerequisiteException(string program, string package)
    : Exception($"{program} was not found: install the Debian package {package} (sudo apt-get install -y {package}, or ./build.sh deps)")
{
    public string Program { get; } = program;

    public string Package { get; } = package;
}
