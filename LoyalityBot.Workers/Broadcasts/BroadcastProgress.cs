namespace LoyalityBot.Workers.Broadcasts;

/// <summary>A broadcast's counts, from its recipient rows; <see cref="Open"/> are those not yet done.</summary>
public sealed record BroadcastProgress(int Recipients, int Sent, int Failed, int Skipped, int Open)
{
    public int Remaining => Recipients - Sent - Failed - Skipped;
}
