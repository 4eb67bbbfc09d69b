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
        string password;
        int port;
        using (var first = StateDirectory.Open(root, fresh: false))
        {
            password = first.GetOrCreateSecret("postgres-password", new GenerateParameterDefault(22, Special: false));
            port = first.GetOrAllocatePort("postgres/tcp");
        }

        using var again = StateDirectory.Open(root, fresh: false);

        Assert.Equal(password, again.GetOrCreateSecret("postgres-password", new GenerateParameterDefault()));
        Assert.Equal(port, again.GetOrAllocatePort("postgres/tcp"));
        Assert.Matches("^[A-Za-z0-9]{22}$", password);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(root, "secrets.json")));
    }

    [Fact]
    public void Fresh_starts_from_nothing()
    {
        var root = TestStateDirectory.Create("state");
        string password;
        using (var first = StateDirectory.Open(root, fresh: false))
        {
            password = first.GetOrCreateSecret("cache-password", new GenerateParameterDefault());
            Directory.CreateDirectory(first.DataDirectory("cache"));
        }

        using var fresh = StateDirectory.Open(root, fresh: true);

        Assert.False(Directory.Exists(fresh.DataDirectory("cache")));
        Assert.NotEqual(password, fresh.GetOrCreateSecret("cache-password", new GenerateParameterDefault()));
    }

    /// <summary>
    /// One AppHost per state directory: a second one (even with --fresh) is refused with a line naming the holder and
    /// deletes nothing; once the first lets go, the directory opens again.
    /// </summary>
    [Fact]
    public void A_second_apphost_on_the_same_state_directory_is_refused_until_the_first_lets_go()
    {
        var root = TestStateDirectory.Create("state");
        var first = StateDirectory.Open(root, fresh: false);
        var password = first.GetOrCreateSecret("cache-password", new GenerateParameterDefault());

        var refused = Assert.Throws<StateDirectoryInUseException>(() => StateDirectory.Open(root, fresh: true));
        Assert.Equal($"Another AppHost (pid {Environment.ProcessId}) is using {root}: stop it first, or give this one a state directory of its own (--AppHost:StateDirectory=<path>)", refused.Message);
        Assert.True(File.Exists(Path.Combine(root, "secrets.json")), "the refused --fresh deleted the state");

        first.Dispose();
        using var again = StateDirectory.Open(root, fresh: false);
        Assert.Equal(password, again.GetOrCreateSecret("cache-password", new GenerateParameterDefault()));
    }
}
