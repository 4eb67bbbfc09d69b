using System.Diagnostics;
using System.Text.Json;
using LoyalityBot.TelegramSandbox.Model;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>
/// One bot's update queue. update_id grows by one per update. Without a webhook, updates wait for getUpdates
/// (confirmed by offset); with one, a <see cref="WebhookDispatcher"/> delivers them, and what it did not deliver
/// returns to the queue when the webhook is deleted.
/// </summary>
public sealed class BotUpdates(BotCounterSet counters)
{
    private readonly Lock _gate = new();
    private readonly List<PendingUpdate> _pending = [];
    private int _lastId;
    private IReadOnlyList<string>? _allowedUpdates;
    private WebhookDispatcher? _webhook;
    private LongPoll? _poll;
    private (DateTime Date, string Message)? _lastError;

    public void Enqueue(Update update, long key)
    {
        lock (_gate)
        {
            if (_allowedUpdates is { Count: > 0 } allowed && !allowed.Contains(TelegramNames.Of(update.Type)))
            {
                return;
            }
            update.Id = ++_lastId;
            var pending = new PendingUpdate(update.Id, key, JsonSerializer.SerializeToUtf8Bytes(update, BotJson.Options), Stopwatch.GetTimestamp());
            if (_webhook is not null)
            {
                _webhook.Enqueue(pending);
            }
            else
            {
                _pending.Add(pending);
                _poll?.Wake();
            }
        }
        counters.UpdateQueued();
    }

    public async Task<IReadOnlyList<PendingUpdate>> GetUpdatesAsync(
        int offset, int limit, TimeSpan timeout, IReadOnlyList<string>? allowedUpdates, CancellationToken cancellationToken)
    {
        LongPoll poll;
        lock (_gate)
        {
            if (_webhook is not null)
            {
                throw BotApiException.Conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }
            _allowedUpdates = allowedUpdates ?? _allowedUpdates;
            Confirm(offset);
            _poll?.Terminate("terminated by other getUpdates request; make sure that only one bot instance is running");
            _poll = null;
            if (_pending.Count > 0 || timeout <= TimeSpan.Zero)
            {
                return Take(limit);
            }
            poll = _poll = new LongPoll();
        }
        try
        {
            if (await poll.WaitAsync(timeout, cancellationToken) is { } reason)
            {
                throw BotApiException.Conflict(reason);
            }
        }
        finally
        {
            lock (_gate)
            {
                if (_poll == poll)
                {
                    _poll = null;
                }
            }
        }
        lock (_gate)
        {
            return Take(limit);
        }
    }

    /// <summary>Sets the webhook; returns false when exactly this webhook was already set.</summary>
    public bool SetWebhook(WebhookSettings settings, bool dropPendingUpdates, Func<WebhookSettings, WebhookDispatcher> createDispatcher)
    {
        lock (_gate)
        {
            _poll?.Terminate("terminated by setWebhook request");
            _poll = null;
            if (_webhook is not null && _webhook.Settings.SameAs(settings) && !dropPendingUpdates)
            {
                return false;
            }
            var backlog = TakeBacklog(dropPendingUpdates);
            _allowedUpdates = settings.AllowedUpdates ?? _allowedUpdates;
            _lastError = null;
            _webhook = createDispatcher(settings);
            foreach (var update in backlog)
            {
                _webhook.Enqueue(update);
            }
            return true;
        }
    }

    /// <summary>Removes the webhook; its undelivered updates wait for getUpdates again. Returns false if none was set.</summary>
    public bool DeleteWebhook(bool dropPendingUpdates)
    {
        lock (_gate)
        {
            var hadWebhook = _webhook is not null;
            var backlog = TakeBacklog(dropPendingUpdates);
            _webhook = null;
            _pending.AddRange(backlog);
            return hadWebhook;
        }
    }

    public void RecordWebhookError(string message)
    {
        lock (_gate)
        {
            _lastError = (DateTime.UtcNow, message);
        }
    }

    public WebhookInfo GetWebhookInfo()
    {
        lock (_gate)
        {
            var settings = _webhook?.Settings;
            return new WebhookInfo
            {
                Url = settings?.Url.ToString() ?? "",
                PendingUpdateCount = _webhook?.PendingCount ?? _pending.Count,
                IpAddress = settings is null ? null : "127.0.0.1",
                MaxConnections = settings?.MaxConnections,
                AllowedUpdates = settings?.AllowedUpdates?.Select(ParseUpdateType).ToArray(),
                LastErrorDate = _lastError?.Date,
                LastErrorMessage = _lastError?.Message,
            };
        }
    }

    public void Stop()
    {
        lock (_gate)
        {
            _webhook?.Stop();
            _webhook = null;
            _poll?.Terminate("terminated by other getUpdates request; make sure that only one bot instance is running");
        }
    }

    private static UpdateType ParseUpdateType(string name) =>
        Enum.TryParse<UpdateType>(name.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var type) ? type : UpdateType.Unknown;

    private List<PendingUpdate> TakeBacklog(bool drop)
    {
        var backlog = _webhook?.Stop() ?? [];
        backlog.AddRange(_pending);
        _pending.Clear();
        return drop ? [] : [.. backlog.OrderBy(update => update.Id)];
    }

    // A positive offset confirms every update below it; a negative one keeps only the last -offset updates.
    private void Confirm(int offset)
    {
        if (offset > 0)
        {
            _pending.RemoveAll(update => update.Id < offset);
        }
        else if (offset < 0 && _pending.Count > -offset)
        {
            _pending.RemoveRange(0, _pending.Count + offset);
        }
    }

    private List<PendingUpdate> Take(int limit) => _pending.Take(limit).ToList();
}
