namespace LoyalityBot.TelegramSandbox.Services;

/// <summary>A getUpdates call waiting for updates: woken by a new update, or terminated with a 409 reason.</summary>
internal sealed class LongPoll
{
    private readonly TaskCompletionSource<string?> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() => _outcome.TrySetResult(null);

    public void Terminate(string reason) => _outcome.TrySetResult(reason);

    /// <summary>Waits for new updates or the timeout; returns the termination reason if another call took over.</summary>
    public async Task<string?> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await Task.WhenAny(_outcome.Task, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        return _outcome.Task.IsCompleted ? _outcome.Task.Result : null;
    }
}
