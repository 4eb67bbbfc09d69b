using System.Net;
using System.Net.Sockets;
using LoyalityBot.Hosting.Runtime;

namespace LoyalityBot.Hosting.Tests;

public sealed class PortAllocatorTests
{
    [Fact]
    public void Ports_lie_below_the_kernel_s_ephemeral_range_where_outgoing_connections_take_theirs()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        var ports = Enumerable.Range(0, 200).Select(_ => PortAllocator.Allocate()).ToList();

        Assert.Equal(ephemeralStart, PortAllocator.Highest);
        Assert.All(ports, port => Assert.InRange(port, PortAllocator.Lowest, ephemeralStart - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count()); // freed again at once, yet never handed out twice
    }

    [Fact]
    public void A_port_handed_out_goes_to_no_other_owner_but_its_owner_may_take_it_again()
    {
        var port = PortAllocator.Allocate("owner-a");

        Assert.False(PortAllocator.TryTake(port, "owner-b"));
        Assert.True(PortAllocator.TryTake(port, "owner-a"));
    }

    [Fact]
    public void A_port_in_use_is_not_taken()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        Assert.False(PortAllocator.TryTake(port, "anyone"));
    }
}
