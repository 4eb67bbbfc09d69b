using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Bots.Texts;
using LoyalityBot.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>Language choice (Russian by default, English), saved on the client so every replica answers in it.</summary>
internal sealed class ClientLanguageHandler(ClientSession session, LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (ClientBot.Asks(update, "language", "client.menu.language"))
        {
            await update.ReplyAsync(update.T("client.language"),
                Keyboards.Inline([("Русский", "lang:ru"), ("English", "lang:en")]), cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "lang", out var parts))
        {
            return false;
        }
        if (parts is not [BotTexts.Russian or BotTexts.English])
        {
            await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
            return true;
        }
        update.Language = parts[0];
        await db.Clients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(set => set.SetProperty(c => c.Language, update.Language), cancellationToken);
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await update.ReplyAsync(update.T("client.language.set"), ClientBot.Menu(update), cancellationToken);
        return true;
    }
}
