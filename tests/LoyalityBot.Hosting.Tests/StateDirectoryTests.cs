using LoyalityBot.Hosting.ApplicationModel;
using LoyalityBot.Hosting.Runtime;
using LoyalityBot.Hosting.Testing;

namespace LoyalityBot.Hosting.Tests;

public sealed class StateDirectoryTests
{
    [Fact]
    public void Generated_secrets_and_ports_survive_a_restart_and_secrets_are_private()
    {
        var root = TestStateDirectory.Create("state");
        var first = StateDirectory.Open(root, fresh: false);
        var password = first.GetOrCreateSecret("postgres-password", new GenerateParameterDefault(22, Special: false));
        var port = first.GetOrAllocatePort("postgres/tcp");

        var again = StateDirectory.Open(root, fresh: false);

        Assert.Equal(password, again.GetOrCreateSecret("postgres-password", new GenerateParameterDefault()));
        Assert.Equal(port, again.GetOrAllocatePort("postgres/tcp"));
        Assert.Matches("^[A-Za-z0-9]{22}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, "secrets.json")));
    }

    [Fact]
    public void Fresh_starts_from_nothing()
    {
        var root = TestStateDirectory.Create("state");
        var first = StateDirectory.Open(root, fresh: false);
        var password = first.GetOrCreateSecret("cache-password", new GenerateParameterDefault());
        Directory.CreateDirectory(first.DataDirectory("cache"));

        var fresh = StateDirectory.Open(root, fresh: true);

        Assert.False(Directory.Exists(fresh.DataDirectory("cache")));
        Assert.NotEqual(password, fresh.GetOrCreateSecret("cache-password", new GenerateParameterDefault()));
    }
}
