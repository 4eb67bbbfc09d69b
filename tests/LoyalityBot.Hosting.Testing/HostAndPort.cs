using System.Globalization;

namespace LoyalityBot.Hosting.Testing;

/// <summary>One "host:port" as connection strings write it (an entry of Npgsql's multi-host list, a Redis endpoint).</summary>
public readonly record struct HostAndPort(string Host, int Port)
{
    public static HostAndPort Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        return new HostAndPort(value[..colon], int.Parse(value[(colon + 1)..], CultureInfo.InvariantCulture));
    }
}
