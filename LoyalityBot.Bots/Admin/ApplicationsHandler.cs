using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Coordination;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// Partner applications, oldest pending first: approve (creates the partner, id = the applicant's Telegram id) or
/// reject with a reason typed next. The decision and its event (the applicant is told by the workers) commit together;
/// an application already decided (two admins, a stale button) is not decided again. An approval invalidates the Mini App catalog.
/// </summary>
internal sealed class ApplicationsHandler(LoyaltyDbContext db, CatalogGeneration catalog, TimeProvider time) : IUpdateHandler
{
    public const string ReasonStep = "reject-reason";
    public const int MaxReasonLength = 500;

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
            if (parts is not ["ok" or "no", var idText] || !CallbackData.TryId(idText, out var id) || await PendingAsync(id, cancellationToken) is not { } application)
            {
                await update.ReplyAsync(update.T("admin.decided"), cancellationToken: cancellationToken);
                return true;
            }
            if (parts[0] == "ok")
            {
                await ApproveAsync(update, application, cancellationToken);
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
        if (await AdminBot.ReadReasonAsync(update, MaxReasonLength, cancellationToken) is not { } reason)
        {
            return true;
        }
        await update.ClearStateAsync();
        if (await PendingAsync(long.Parse(state["id"]!, CultureInfo.InvariantCulture), cancellationToken) is not { } pending)
        {
            await update.ReplyAsync(update.T("admin.decided"), cancellationToken: cancellationToken);
            return true;
        }
        pending.Status = ApplicationStatus.Rejected;
        pending.DecidedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveWithEventsAsync(cancellationToken, new PartnerApplicationDecidedIntegrationEvent(pending.Id, pending.TelegramUserId, false, reason, null));
        await update.ReplyAsync(update.T("admin.rejected", pending.Id), AdminBot.Menu(update), cancellationToken);
        return true;
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

    private async Task ApproveAsync(BotUpdate update, PartnerApplication application, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        application.Status = ApplicationStatus.Approved;
        application.DecidedAt = now;
        if (!await db.Partners.AnyAsync(p => p.Id == application.TelegramUserId, cancellationToken))
        {
            db.Partners.Add(new Domain.Model.Partner
            {
                Id = application.TelegramUserId,
                ApplicationId = application.Id,
                Name = application.Name,
                CompanyName = application.CompanyName,
                Phone = application.Phone,
                Category = application.Category,
                CityId = application.CityId,
                District = application.District,
                BookingUrl = application.BookingUrl,
                CreatedAt = now,
            });
        }
        await db.SaveWithEventsAsync(cancellationToken,
            new PartnerApplicationDecidedIntegrationEvent(application.Id, application.TelegramUserId, true, null, application.TelegramUserId));
        // A new active partner joins the Mini App catalog's partner lists.
        await catalog.BumpAsync();
        await update.ReplyAsync(update.T("admin.approved", application.Id), AdminBot.Menu(update), cancellationToken);
    }

    private Task<PartnerApplication?> PendingAsync(long id, CancellationToken cancellationToken) =>
        db.PartnerApplications.SingleOrDefaultAsync(a => a.Id == id && a.Status == ApplicationStatus.Pending, cancellationToken);
}
