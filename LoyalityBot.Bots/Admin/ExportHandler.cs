using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Bots.Admin;

/// <summary>Data exports: the request goes to the workers (outbox), which send the file to this chat.</summary>
internal sealed class ExportHandler(LoyaltyDbContext db) : IUpdateHandler
{
    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (AdminBot.Asks(update, "export", "admin.menu.export"))
        {
            await update.ReplyAsync(update.T("admin.export"), Keyboards.Inline(
                [(update.T("admin.export.clients"), $"exp:{ExportKind.AdminClientsCsv}")],
                [(update.T("admin.export.transactions"), $"exp:{ExportKind.AdminTransactionsCsv}")]), cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "exp", out var parts))
        {
            return false;
        }
        if (parts is not [var kindText] || !Enum.TryParse<ExportKind>(kindText, out var kind) || kind is not (ExportKind.AdminClientsCsv or ExportKind.AdminTransactionsCsv))
        {
            await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
            return true;
        }
        await db.SaveWithEventsAsync(cancellationToken, new ExportRequestedIntegrationEvent(kind, AdminBot.Name, update.UserId, null, null));
        await update.AnswerCallbackAsync(update.T("admin.export.queued"), cancellationToken);
        await update.ReplyAsync(update.T("admin.export.queued"), AdminBot.Menu(update), cancellationToken);
        return true;
    }
}
