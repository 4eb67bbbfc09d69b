using System.Globalization;

namespace LoyalityBot.Hosting.ApplicationModel;

/// <summary>
/// N hot-standby servers streaming from a primary (made with <c>pg_basebackup -R</c>). Each replica has
/// its own endpoint, <c>tcp-0</c>, <c>tcp-1</c>…; read-only connection strings list them all.
/// </summary>
public sealed class PostgresReplicasResource(string name, PostgresServerResource primary, int count)
    : Resource(name), IResourceWithParent, IResourceWithEndpoints, IResourceWithWaitSupport
{
    public PostgresServerResource Primary { get; } = primary;

    public IResource Parent => Primary;

    public int Count { get; } = count >= 1 ? count : throw new ArgumentOutOfRangeException(nameof(count), "At least one replica.");

    public static string EndpointNameOf(int index) => string.Create(CultureInfo.InvariantCulture, $"tcp-{index}");

    public IEnumerable<EndpointReference> Endpoints =>
        Enumerable.Range(0, Count).Select(i => new EndpointReference(this, EndpointNameOf(i)));
}
