using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Moderation;
using LoyalityBot.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// Partner applications, oldest pending first: approve (creates the partner, id = the applicant's Telegram id) or
/// reject with a reason typed next, both through <see cref="PartnerApplicationDecisions"/> as in the admin API: the
/// decision and its event (the applicant is told by the workers) commit together, and an application already decided
/// (two admins, a stale button) is not decided again.
/// </summary>
internal sealed class ApplicationsHandler(LoyaltyDbContext db, PartnerApplicationDecisions decisions) : IUpdateHandler
{
    public const string ReasonStep = "reject-reason";

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (AdminBot.Asks(update, "applications", "admin.menu.applications"))
        {
            await ShowNextAsync(update, cancellationToken);
            return true;
        }
        if (CallbackData.TryParse(update.CallbackData, "app", out var parts))
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            if (parts is not ["ok" or "no", var idText] || !CallbackData.TryId(idText, out var id) || !await IsPendingAsync(id, cancellationToken))
            {
                await update.ReplyAsync(update.T("admin.decided"), cancellationToken: cancellationToken);
                return true;
            }
            if (parts[0] == "ok")
            {
                await DecideAsync(update, id, reason: null, cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(ReasonStep).With("id", idText));
            await update.ReplyAsync(update.T("admin.reject.reason", id), cancellationToken: cancellationToken);
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
        await DecideAsync(update, long.Parse(state["id"]!, CultureInfo.InvariantCulture), reason, cancellationToken);
        return true;
    }

    /// <summary>Approves (no reason) or rejects, and tells the admin what happened.</summary>
    private async Task DecideAsync(BotUpdate update, long id, string? reason, CancellationToken cancellationToken)
    {
        var decision = await decisions.DecideAsync(id, approve: reason is null, reason, cancellationToken);
        var text = decision.Outcome switch
        {
            DecisionOutcome.Decided => update.T(reason is null ? "admin.approved" : "admin.rejected", id),
            DecisionOutcome.AlreadyPartner => update.T("admin.already.partner", id),
            _ => update.T("admin.decided"),
        };
        await update.ReplyAsync(text, AdminBot.Menu(update), cancellationToken);
    }

    private async Task ShowNextAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        var page = await db.ApplicationsAsync(ApplicationStatus.Pending, PageRequest.First(1), cancellationToken);
        if (page.Items is not [var a])
        {
            await update.ReplyAsync(update.T("admin.applications.none"), AdminBot.Menu(update), cancellationToken);
            return;
        }
        await update.ReplyAsync(update.T("admin.application", a.Id, a.Category, a.Name, a.CompanyName ?? "-", a.District ?? "-", a.Phone ?? "-", a.BookingUrl ?? "-", a.TelegramUserId),
            Keyboards.Inline([(update.T("admin.btn.approve"), $"app:ok:{a.Id}"), (update.T("admin.btn.reject"), $"app:no:{a.Id}")]), cancellationToken);
    }

    private Task<bool> IsPendingAsync(long id, CancellationToken cancellationToken) =>
        db.PartnerApplications.AnyAsync(a => a.Id == id && a.Status == ApplicationStatus.Pending, cancellationToken);
}
