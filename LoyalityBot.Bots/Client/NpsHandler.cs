using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// The NPS request the workers send after a receipt: <c>nps:&lt;ledgerEntryId&gt;:&lt;score&gt;</c>, 0–10, once per visit
/// (the client's own accrual), then an optional feedback text in the next message.
/// </summary>
internal sealed class NpsHandler(ClientSession session, LoyaltyDbContext db, TimeProvider time) : IUpdateHandler
{
    public const string FeedbackStep = "nps-feedback";
    public const int MaxFeedbackLength = 1000;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (CallbackData.TryParse(update.CallbackData, "nps", out var parts))
        {
            await RateAsync(update, client, parts, cancellationToken);
            return true;
        }
        if (update.CallbackData == "nps-skip")
        {
            await update.ClearStateAsync();
            await update.AnswerCallbackAsync(update.T("cancelled"), cancellationToken);
            return true;
        }
        if (await update.GetStateAsync() is not { Step: FeedbackStep } state || update.Message is null || update.Command is not null)
        {
            return false;
        }
        if (await update.RequireTextAsync(MaxFeedbackLength, cancellationToken) is not { } text)
        {
            return true;
        }
        var ratingId = long.Parse(state["rating"]!, CultureInfo.InvariantCulture);
        await db.NpsRatings.Where(r => r.Id == ratingId && r.ClientId == client.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Feedback, text), cancellationToken);
        await update.ClearStateAsync();
        await update.ReplyAsync(update.T("client.nps.feedback"), ClientBot.Menu(update), cancellationToken);
        return true;
    }

    private async Task RateAsync(BotUpdate update, Domain.Model.Client client, string[] parts, CancellationToken cancellationToken)
    {
        if (parts is not [var entryText, var scoreText] || !CallbackData.TryId(entryText, out var entryId)
            || !short.TryParse(scoreText, NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score > 10)
        {
            await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
            return;
        }
        var entry = await db.LedgerEntries.AsNoTracking()
            .SingleOrDefaultAsync(e => e.Id == entryId && e.ClientId == client.Id && e.Kind == LedgerEntryKind.Accrual, cancellationToken);
        if (entry is null)
        {
            await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
            return;
        }
        // One rating per visit: a rating of this partner given after this accrual means the visit was rated.
        if (await db.NpsRatings.AnyAsync(r => r.ClientId == client.Id && r.PartnerId == entry.PartnerId && r.CreatedAt >= entry.CreatedAt, cancellationToken))
        {
            await update.AnswerCallbackAsync(update.T("client.nps.done"), cancellationToken);
            return;
        }
        var rating = new NpsRating { ClientId = client.Id, PartnerId = entry.PartnerId, Rating = score, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.NpsRatings.Add(rating);
        await db.SaveChangesAsync(cancellationToken);
        await update.SetStateAsync(ConversationState.Of(FeedbackStep).With("rating", rating.Id.ToString(CultureInfo.InvariantCulture)));
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await update.ReplyAsync(update.T("client.nps.thanks", score), Keyboards.Inline([(update.T("btn.skip"), "nps-skip")]), cancellationToken);
    }
}
