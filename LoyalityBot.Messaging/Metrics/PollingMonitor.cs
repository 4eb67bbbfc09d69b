using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoyalityBot.Messaging.Metrics;

/// <summary>
/// Refreshes a snapshot every <c>EventBus:MetricsInterval</c> for observable gauges to report (a gauge's callback
/// cannot wait on the broker or the database). A failed refresh keeps the last snapshot and logs.
/// </summary>
public abstract partial class PollingMonitor(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>Reads the current values into the snapshot.</summary>
    public abstract Task RefreshAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, ex, GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Monitor} could not refresh its metrics; keeping the last values")]
    private static partial void LogRefreshFailed(ILogger logger, Exception ex, string monitor);
}
