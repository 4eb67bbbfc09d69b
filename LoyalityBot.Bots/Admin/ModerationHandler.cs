using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Moderation;
using LoyalityBot.Messaging.IntegrationEvents;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// Promotions and services awaiting moderation, oldest first: approve (<c>mod:ok:&lt;p|s&gt;:&lt;id&gt;</c>) or reject
/// (<c>mod:no:…</c>, then the reason is typed). The partner is told by the workers (ContentModerated through the
/// outbox, in the same transaction as the status); an item already decided is not decided again.
/// </summary>
internal sealed class ModerationHandler(ModerationQueue queue, ContentModeration moderation) : IUpdateHandler
{
    public const string ReasonStep = "moderation-reason";

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (AdminBot.Asks(update, "moderation", "admin.menu.moderation"))
        {
            await ShowNextAsync(update, cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "mod", out var parts))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (parts is not ["ok" or "no", var kindText, var idText] || !TryKind(kindText, out var kind) || !CallbackData.TryId(idText, out var id)
                || !await queue.IsPendingAsync(kind, id, cancellationToken))
            {
                await update.ReplyAsync(update.T("admin.moderation.decided"), cancellationToken: cancellationToken);
                return true;
            }
            if (parts[0] == "ok")
            {
                await DecideAsync(update, kind, id, reason: null, cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(ReasonStep).With("kind", kindText).With("id", idText));
            await update.ReplyAsync(update.T("admin.moderation.reason", update.T($"admin.kind.{kind}"), id), cancellationToken: cancellationToken);
            return true;
        }
        if (update.Message is null || update.Command is not null || await update.GetStateAsync() is not { Step: ReasonStep } state)
        {
            return false;
        }
        if (await AdminBot.ReadReasonAsync(update, DecisionReason.MaxLength, cancellationToken) is not { } reason)
        {
            return true;
        }
        await update.ClearStateAsync();
        _ = TryKind(state["kind"]!, out var rejectedKind);
        await DecideAsync(update, rejectedKind, long.Parse(state["id"]!, CultureInfo.InvariantCulture), reason, cancellationToken);
        return true;
    }

    private async Task DecideAsync(BotUpdate update, ModeratedContentKind kind, long id, string? reason, CancellationToken cancellationToken)
    {
        if (await moderation.DecideAsync(kind, id, approve: reason is null, reason, cancellationToken) != DecisionOutcome.Decided)
        {
            await update.ReplyAsync(update.T("admin.moderation.decided"), cancellationToken: cancellationToken);
            return;
        }
        await update.ReplyAsync(update.T(reason is null ? "admin.moderation.approved" : "admin.moderation.rejected", update.T($"admin.kind.{kind}"), id),
            cancellationToken: cancellationToken);
        await ShowNextAsync(update, cancellationToken);
    }

    private async Task ShowNextAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        var (next, promotions, services) = await queue.PeekAsync(cancellationToken);
        if (next is null)
        {
            await update.ReplyAsync(update.T("admin.moderation.none"), AdminBot.Menu(update), cancellationToken);
            return;
        }
        var code = next.Kind == ModeratedContentKind.Promotion ? "p" : "s";
        await update.ReplyAsync(update.T("admin.moderation.item", promotions, services, update.T($"admin.kind.{next.Kind}"), next.Id, next.PartnerId, next.Title, next.Description ?? ""),
            Keyboards.Inline([(update.T("admin.btn.approve"), $"mod:ok:{code}:{next.Id}"), (update.T("admin.btn.reject"), $"mod:no:{code}:{next.Id}")]), cancellationToken);
    }

    private static bool TryKind(string code, out ModeratedContentKind kind)
    {
        (var known, kind) = code switch
        {
            "p" => (true, ModeratedContentKind.Promotion),
            "s" => (true, ModeratedContentKind.Service),
            _ => (false, default),
        };
        return known;
    }
}
