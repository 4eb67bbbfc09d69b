using System.Threading.Channels;
using LoyalityBot.Coordination;
using LoyalityBot.Domain.Model;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Telegram.Bot;

namespace LoyalityBot.Workers.Broadcasts;

/// <summary>
/// Sends one broadcast to the end, resumably. Under a Redis lease (one replica at a time) it materializes the
/// recipients once, puts those a dead worker left in doubt back to Pending, and sends the Pending ones through the
/// <see cref="TelegramGateway"/> (its Redis limits hold the per-bot and per-chat rates across replicas) in
/// <see cref="BroadcastOptions.MaxConcurrentSends"/> lanes (1 by default): each recipient is marked Sending before its
/// call and with its outcome after, so a crash leaves at most one recipient per lane in doubt and skips nobody.
/// Transient failures go back to Pending and are retried in a later pass, after a doubling backoff, up to
/// <see cref="BroadcastOptions.MaxAttempts"/>.
/// </summary>
public sealed partial class BroadcastSender(
    BroadcastStore store,
    TelegramGateway telegram,
    IConnectionMultiplexer redis,
    BroadcastMetrics metrics,
    IOptions<BroadcastOptions> options,
    ILogger<BroadcastSender> logger)
{
    private BroadcastOptions Settings => options.Value;

    /// <summary>
    /// Sends broadcast <paramref name="broadcastId"/> unless it is complete. While another live replica holds its
    /// lease this waits: that one finishes it, or dies and its lease expires and this one resumes it.
    /// </summary>
    public async Task RunAsync(long broadcastId, CancellationToken cancellationToken)
    {
        var lease = new RedisLeaderLease(redis, $"broadcast:{broadcastId}", Settings.LeaseTtl);
        while (true)
        {
            var campaign = await store.FindAsync(broadcastId, cancellationToken);
            if (campaign is null)
            {
                LogUnknown(logger, broadcastId);
                return;
            }
            if (campaign.Status == BroadcastStatus.Completed)
            {
                return;
            }
            if (await lease.TryAcquireOrRenewAsync())
            {
                try
                {
                    await SendUnderLeaseAsync(campaign, lease, cancellationToken);
                }
                finally
                {
                    await lease.ReleaseAsync();
                }
                return;
            }
            LogWaiting(logger, broadcastId);
            await Task.Delay(Settings.LeaseTtl / 3, cancellationToken);
        }
    }

    private async Task SendUnderLeaseAsync(BroadcastCampaign campaign, RedisLeaderLease lease, CancellationToken cancellationToken)
    {
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(lease, sending);
        try
        {
            await SendAsync(campaign, sending.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"Broadcast {campaign.Id}: the lease was lost, so this replica stopped sending.");
        }
        finally
        {
            await sending.CancelAsync();
            await renewal;
        }
    }

    /// <summary>Renews the lease every third of its TTL; if it cannot, stops the sending before anyone else may start.</summary>
    private async Task RenewAsync(RedisLeaderLease lease, CancellationTokenSource sending)
    {
        try
        {
            while (!sending.IsCancellationRequested)
            {
                await Task.Delay(Settings.LeaseTtl / 3, sending.Token);
                if (!await lease.TryAcquireOrRenewAsync())
                {
                    await sending.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The sending ended.
        }
        catch (RedisException e)
        {
            LogLeaseLost(logger, e);
            await sending.CancelAsync();
        }
    }

    private async Task SendAsync(BroadcastCampaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.Status == BroadcastStatus.Scheduled && await store.MaterializeAsync(campaign, cancellationToken))
        {
            LogStarted(logger, campaign.Id, campaign.RecipientCount);
        }
        else if (await store.ReleaseInDoubtAsync(campaign.Id, cancellationToken) is var inDoubt and > 0)
        {
            metrics.InDoubt(inDoubt);
            LogResumed(logger, campaign.Id, inDoubt);
        }
        var bot = campaign.Target == BroadcastTarget.Partners ? Settings.PartnerBot : Settings.ClientBot;
        using var reporting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reporter = ReportAsync(campaign.Id, reporting.Token);
        try
        {
            // Passes over the due Pending recipients until none is left; between passes, wait for the next retry.
            while (await store.NextDueAsync(campaign.Id, Settings.RetryBackoff, cancellationToken) is { } wait)
            {
                await Task.Delay(wait, cancellationToken);
                await SendPassAsync(campaign, bot, cancellationToken);
            }
        }
        finally
        {
            await reporting.CancelAsync();
            await reporter;
            metrics.Finished(campaign.Id);
        }
        var final = await store.RecountAsync(campaign.Id, finish: true, cancellationToken);
        LogCompleted(logger, campaign.Id, final.Sent, final.Failed, final.Skipped, final.Open);
    }

    /// <summary>One pass: a reader feeds the due Pending recipients, in chat order, to the lanes.</summary>
    private async Task SendPassAsync(BroadcastCampaign campaign, string bot, CancellationToken cancellationToken)
    {
        // A lane that fails stops the others and the reader; its exception is the one that surfaces.
        using var pipeline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var queue = Channel.CreateBounded<long>(new BoundedChannelOptions(Settings.PageSize) { SingleWriter = true });
        var lanes = Enumerable.Range(0, Settings.MaxConcurrentSends).Select(_ => Task.Run(async () =>
        {
            try
            {
                await LaneAsync(campaign, bot, queue.Reader, pipeline.Token);
            }
            catch
            {
                await pipeline.CancelAsync();
                throw;
            }
        }, CancellationToken.None)).ToList();
        try
        {
            await ReadPendingAsync(campaign.Id, queue.Writer, pipeline.Token);
        }
        finally
        {
            queue.Writer.TryComplete();
            await Task.WhenAll(lanes);
        }
    }

    private async Task ReadPendingAsync(long broadcastId, ChannelWriter<long> queue, CancellationToken cancellationToken)
    {
        for (var after = long.MinValue; ;)
        {
            var page = await store.PendingPageAsync(broadcastId, after, Settings.PageSize, Settings.RetryBackoff, cancellationToken);
            foreach (var chatId in page)
            {
                await queue.WriteAsync(chatId, cancellationToken);
            }
            if (page.Count < Settings.PageSize)
            {
                return;
            }
            after = page[^1];
        }
    }

    /// <summary>
    /// Claim, send, record: the outcome goes to the database with the next claim (one round trip), and the next
    /// Telegram call waits for it, so this lane never has more than one sent-but-unrecorded recipient. That round trip
    /// runs while the gateway takes its Redis limits: the call waits for both.
    /// </summary>
    private async Task LaneAsync(BroadcastCampaign campaign, string bot, ChannelReader<long> queue, CancellationToken cancellationToken)
    {
        await using var marks = await store.OpenMarksAsync(campaign.Id, cancellationToken);
        Task<int?>? claim = null;
        try
        {
            await foreach (var chatId in queue.ReadAllAsync(cancellationToken))
            {
                var claiming = claim = marks.ClaimAsync(chatId, cancellationToken);
                SendOutcome outcome;
                try
                {
                    outcome = await telegram.TrySendAsync(bot, chatId, async (client, ct) =>
                    {
                        _ = await claiming ?? throw new RecipientTakenException();
                        await client.SendMessage(chatId, campaign.Text, cancellationToken: ct);
                    }, cancellationToken);
                }
                catch (RecipientTakenException)
                {
                    claim = null;
                    continue;
                }
                claim = null;
                // Unreachable returns before the call, so the claim may be all that says whether the recipient is ours.
                if (await claiming is not { } attempts)
                {
                    continue;
                }
                var (status, error) = outcome switch
                {
                    SendOutcome.Sent => (BroadcastRecipientStatus.Sent, null),
                    SendOutcome.Unreachable => (BroadcastRecipientStatus.Skipped, "The user blocked the bot (403)."),
                    SendOutcome.Retryable when attempts < Settings.MaxAttempts => (BroadcastRecipientStatus.Pending, $"Attempt {attempts} failed transiently; retried later."),
                    SendOutcome.Retryable => (BroadcastRecipientStatus.Failed, $"Still failing transiently after {attempts} attempts; see the gateway's log."),
                    _ => (BroadcastRecipientStatus.Failed, "Telegram refused it (400: chat not found, bad request); see the gateway's log."),
                };
                marks.Finish(chatId, status, error);
                metrics.Done(status == BroadcastRecipientStatus.Pending ? "Retrying" : status.ToString());
            }
        }
        finally
        {
            if (claim is not null)
            {
                // Stopped mid-send: the connection is free once the claim is back (its error, if any, is not this one).
                await Task.WhenAny(claim);
            }
            // The last message is out: record it even if we are being stopped, or it would be sent again.
            await marks.FlushAsync(CancellationToken.None);
        }
    }

    /// <summary>Every <see cref="BroadcastOptions.ProgressInterval"/>: counters into the database, the gauge and the log.</summary>
    private async Task ReportAsync(long broadcastId, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var progress = await store.RecountAsync(broadcastId, finish: false, cancellationToken);
                metrics.Report(broadcastId, progress);
                LogProgress(logger, broadcastId, progress.Sent, progress.Failed, progress.Skipped, progress.Remaining);
                await Task.Delay(Settings.ProgressInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Sending ended; the final count follows.
        }
    }

    /// <summary>The claim found the recipient already taken or finished (another sender): it is not sent.</summary>
    private sealed class RecipientTakenException : Exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId} does not exist; nothing to send")]
    private static partial void LogUnknown(ILogger logger, long broadcastId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} is being sent by another replica; waiting for its lease")]
    private static partial void LogWaiting(ILogger logger, long broadcastId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not renew a broadcast lease; stopping this sender")]
    private static partial void LogLeaseLost(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} started: {Recipients} recipients")]
    private static partial void LogStarted(ILogger logger, long broadcastId, int recipients);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Broadcast {BroadcastId} resumed: {InDoubt} recipients were in flight when a sender stopped; they are sent again")]
    private static partial void LogResumed(ILogger logger, long broadcastId, int inDoubt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId}: {Sent} sent, {Failed} failed, {Skipped} skipped, {Remaining} remaining")]
    private static partial void LogProgress(ILogger logger, long broadcastId, int sent, int failed, int skipped, int remaining);

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} done: {Sent} sent, {Failed} failed, {Skipped} skipped, {Open} open")]
    private static partial void LogCompleted(ILogger logger, long broadcastId, int sent, int failed, int skipped, int open);
}
