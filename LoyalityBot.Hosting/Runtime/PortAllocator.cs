using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LoyalityBot.Hosting.Runtime;

/// <summary>
/// Free loopback ports for servers, replicas and the dashboard. A port is free when it is chosen but taken only
/// when its process binds it, seconds later for a booting broker, so two rules keep others off it in between:
/// <list type="bullet">
/// <item>Ports come from below the kernel's ephemeral range (<c>ip_local_port_range</c>), where outgoing connections
/// take their source ports and other programs' bind-to-port-0 theirs.</item>
/// <item>A port handed out in this process is not handed out again to another owner, so AppHosts that start side
/// by side in one process (tests) never share one.</item>
/// </list>
/// </summary>
public static class PortAllocator
{
    /// <summary>Above the ports developer tools usually take (3000, 5432, 6379, 8080…).</summary>
    public const int Lowest = 15000;

    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";

    /// <summary>IANA's dynamic range starts here; the kernel's setting when it can be read.</summary>
    private const int DefaultEphemeralStart = 49152;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<int, string> Owners = [];
    private static readonly Lazy<int> EphemeralStart = new(ReadEphemeralStart);

    /// <summary>First port of the kernel's ephemeral range: allocated ports lie in [<see cref="Lowest"/>, this).</summary>
    public static int Highest => EphemeralStart.Value;

    /// <summary>A free port nobody in this process was given, for <paramref name="owner"/> (a state directory, or a one-off).</summary>
    public static int Allocate(string? owner = null)
    {
        owner ??= Guid.NewGuid().ToString("N");
        lock (Gate)
        {
            // A few thousand tries cover a range that is nearly all taken; in practice the first one is free.
            for (var attempt = 0; attempt < 4096; attempt++)
            {
                var port = Random.Shared.Next(Lowest, Highest);
                if (TryTakeLocked(port, owner))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
            $"No free loopback port between {Lowest} and {Highest} (below the kernel's ephemeral range in {EphemeralRangeFile})."));
    }

    /// <summary>Takes <paramref name="port"/> for <paramref name="owner"/> if it is free and no other owner in this process has it.</summary>
    public static bool TryTake(int port, string owner)
    {
        lock (Gate)
        {
            return TryTakeLocked(port, owner);
        }
    }

    private static bool TryTakeLocked(int port, string owner)
    {
        if ((Owners.TryGetValue(port, out var current) && current != owner) || !IsFree(port))
        {
            return false;
        }
        Owners[port] = owner;
        return true;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[0];
            var start = int.Parse(first, CultureInfo.InvariantCulture);
            // A range that starts this low leaves too little below it; then the dynamic range's start is as good as any.
            return start > Lowest + 1000 ? start : DefaultEphemeralStart;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return DefaultEphemeralStart;
        }
    }
}
