using LoyalityBot.TelegramSandbox.Model;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// Delivers one bot's updates to its webhook like Telegram: one update at a time per chat (the next waits
/// for a 2xx), different chats in parallel up to max_connections, failures retried with doubling backoff.
/// </summary>
public sealed class WebhookDispatcher
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Queue<PendingUpdate>> _queues = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _connections;
    private readonly WebhookSender _sender;
    private readonly WebhookOptions _options;
    private readonly BotCounterSet _counters;
    private readonly ReplyLatency _latency;
    private readonly Action<string> _onError;
    private int _pending;
    private bool _stopped;

    public WebhookDispatcher(WebhookSettings settings, WebhookSender sender, WebhookOptions options, BotCounterSet counters, ReplyLatency latency, Action<string> onError)
    {
        Settings = settings;
        _sender = sender;
        _options = options;
        _counters = counters;
        _latency = latency;
        _onError = onError;
        _connections = new SemaphoreSlim(settings.MaxConnections);
    }

    public WebhookSettings Settings { get; }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    public void Enqueue(PendingUpdate update)
    {
        lock (_gate)
        {
            _pending++;
            if (_queues.TryGetValue(update.Key, out var queue))
            {
                queue.Enqueue(update);
                return;
            }
            queue = new Queue<PendingUpdate>();
            queue.Enqueue(update);
            _queues[update.Key] = queue;
            _ = Task.Run(() => DrainAsync(update.Key, queue));
        }
    }

    /// <summary>Stops delivering and hands back what was not delivered, oldest first.</summary>
    public List<PendingUpdate> Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _stopping.Cancel();
            var undelivered = _queues.Values.SelectMany(queue => queue).OrderBy(update => update.Id).ToList();
            _queues.Clear();
            _pending = 0;
            return undelivered;
        }
    }

    private async Task DrainAsync(long key, Queue<PendingUpdate> queue)
    {
        while (true)
        {
            PendingUpdate next;
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }
                if (queue.Count == 0)
                {
                    _queues.Remove(key);
                    return;
                }
                next = queue.Peek();
            }
            if (!await DeliverAsync(next))
            {
                return;
            }
            lock (_gate)
            {
                // Counted with the pending count's decrement: whoever sees the delivery counted sees it no longer pending.
                _counters.WebhookDelivered();
                if (_stopped)
                {
                    return;
                }
                queue.Dequeue();
                _pending--;
            }
        }
    }

    private async Task<bool> DeliverAsync(PendingUpdate update)
    {
        var token = _stopping.Token;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                await _connections.WaitAsync(token);
                _latency.Delivering(update.Key, update.QueuedAt);
                WebhookAttempt result;
                try
                {
                    result = await _sender.SendAsync(Settings, update.Json, token);
                }
                finally
                {
                    _connections.Release();
                }
                if (result.Delivered)
                {
                    _latency.Delivered(update.Key);
                    return true;
                }
                _counters.WebhookFailed();
                _onError(result.Error ?? "Unknown error");
                await Task.Delay(RetryDelay(attempt, result.RetryAfter), token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return false;
        }
    }

    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var backoff = retryAfter ?? _options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 16));
        return backoff < _options.RetryMaxDelay ? backoff : _options.RetryMaxDelay;
    }
}
