using System.Threading.Channels;
using RabbitMQ.Client;

namespace LoyalityBot.Messaging.EventBus;

/// <summary>
/// Channels with publisher confirms and return tracking, each used by one publisher at a time (a channel is not
/// safe for concurrent publishing), so many publishes are in flight at once across the pool.
/// </summary>
internal sealed class PublisherChannelPool(IConnection connection, int size) : IAsyncDisposable
{
    private readonly Channel<IChannel> idle = Channel.CreateUnbounded<IChannel>();
    private readonly SemaphoreSlim slots = new(size, size);
    private readonly List<IChannel> all = [];

    public async Task<T> UseAsync<T>(Func<IChannel, Task<T>> use, CancellationToken ct)
    {
        await slots.WaitAsync(ct);
        try
        {
            if (!idle.Reader.TryRead(out var channel) || channel.IsClosed)
            {
                channel = await connection.CreateChannelAsync(
                    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
                lock (all)
                {
                    all.Add(channel);
                }
            }
            try
            {
                return await use(channel);
            }
            finally
            {
                idle.Writer.TryWrite(channel);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        idle.Writer.TryComplete();
        foreach (var channel in all)
        {
            await channel.DisposeAsync();
        }
        slots.Dispose();
    }
}
