namespace LoyalityBot.Bots.Tests;

/// <summary>Waits on what a bot shows, whether it sent a new message or edited the pressed one in place.</summary>
internal static class Transcripts
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Presses the user's button with <paramref name="callbackData"/>; the latest bot message (new or edited) that matches.</summary>
    public static async Task<TranscriptEntry> PressUntilAsync(this BotCluster cluster, string bot, long userId, string callbackData, Func<TranscriptEntry, bool> match)
    {
        await cluster.Sandbox.PressInlineButtonAsync(bot, userId, new PressInlineButtonRequest(CallbackData: callbackData), Ct);
        return await cluster.ShownAsync(bot, userId, match);
    }

    /// <summary>The latest bot message (new or edited) that matches, once there is one.</summary>
    public static async Task<TranscriptEntry> ShownAsync(this BotCluster cluster, string bot, long userId, Func<TranscriptEntry, bool> match)
    {
        TranscriptEntry? found = null;
        await BotCluster.WaitUntilAsync(async () =>
        {
            found = (await cluster.Sandbox.GetTranscriptAsync(bot, userId, Ct)).Messages
                .LastOrDefault(m => m is { Kind: TranscriptEntry.MessageKind, From: TranscriptEntry.FromBot } && match(m));
            return found is not null;
        });
        return found!;
    }

    /// <summary>How many events of a type mention <paramref name="field"/> = <paramref name="value"/> in the outbox.</summary>
    public static Task<int> OutboxCountAsync(this BotCluster cluster, string eventType, string field, string value) =>
        cluster.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.SqlQuery<int>(db.Database,
                $"SELECT count(*)::int AS \"Value\" FROM integration_event_outbox WHERE event_type_name = {eventType} AND content->>{field} = {value}"), Ct));

    public static bool Says(this TranscriptEntry entry, string text) => entry.Text?.Contains(text, StringComparison.Ordinal) == true;
}
