using System.Net;
using System.Net.Sockets;

namespace LoyalityBot.Hosting.Testing;

/// <summary>
/// Forwards a loopback port to a real server: a dependency that "comes up" at the moment the test starts it, on a port
/// the service was already trying.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    private TcpForwarder(int port, string targetHost, int targetPort)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _accepting = AcceptAsync(targetHost, targetPort, _stopping.Token);
    }

    public static TcpForwarder Start(int port, string targetHost, int targetPort) => new(port, targetHost, targetPort);

    private async Task AcceptAsync(string targetHost, int targetPort, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                connections.Add(PipeAsync(client, targetHost, targetPort, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            await Task.WhenAll(connections);
        }
    }

    private static async Task PipeAsync(TcpClient client, string targetHost, int targetPort, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(targetHost, targetPort, cancellationToken);
                await using var clientStream = client.GetStream();
                await using var serverStream = server.GetStream();
                await Task.WhenAny(clientStream.CopyToAsync(serverStream, cancellationToken), serverStream.CopyToAsync(clientStream, cancellationToken));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // Either side closed, or the test is over.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }
}
