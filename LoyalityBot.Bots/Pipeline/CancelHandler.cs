namespace LoyalityBot.Bots.Pipeline;

/// <summary><c>/cancel</c> in any bot: leaves the current flow and drops its pending operation.</summary>
internal sealed class CancelHandler : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (update.Command != "cancel")
        {
            return false;
        }
        await update.ClearStateAsync();
        await update.ClearDraftAsync(PendingOperation.DraftKey);
        await update.ReplyAsync(update.T("cancelled"), cancellationToken: cancellationToken);
        return true;
    }
}
