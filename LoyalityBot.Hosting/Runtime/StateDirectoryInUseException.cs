namespace LoyalityBot.Hosting.Runtime;

/// <summary>Another AppHost holds the state directory; the message is the one line the AppHost prints before exiting 1.</summary>
public sealed class StateDirectoryInUseException(string root, string holderPid)
    : Exception($"Another AppHost{(holderPid.Length > 0 ? $" (pid {holderPid})" : "")} is using {root}: stop it first, or give this one a state directory of its own (--AppHost:StateDirectory=<path>)")
{
    public string Root { get; } = root;
}
