using System.Globalization;
using LoyalityBot.Bots.Client;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// The partner application form (category, name, company, city, district, phone, booking URL), one question per
/// message with each answer validated, then a summary to confirm. The application and an admin alert are saved
/// together; <c>/status</c> shows the latest decision.
/// </summary>
internal sealed class ApplicationHandler(PartnerSession session, LoyaltyDbContext db, TimeProvider time) : IUpdateHandler
{
    private const string Prefix = "apply:";
    private static readonly string[] Steps = ["category", "name", "company", "city", "district", "phone", "booking"];

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (update.Command == "status")
        {
            await ReplyStatusAsync(update, cancellationToken);
            return true;
        }
        if (PartnerBot.Asks(update, "apply", "partner.menu.apply"))
        {
            if (session.Partner is not null || await PendingAsync(update.UserId, cancellationToken) is not null)
            {
                await ReplyStatusAsync(update, cancellationToken);
                return true;
            }
            await update.SetStateAsync(ConversationState.Of(Prefix + Steps[0]));
            await update.ReplyAsync(update.T("partner.apply.category"), cancellationToken: cancellationToken);
            return true;
        }
        if (update.CallbackData is "apply-send" or "apply-cancel")
        {
            await FinishAsync(update, update.CallbackData == "apply-send", cancellationToken);
            return true;
        }
        if (await update.GetStateAsync() is not { } state || !state.Step.StartsWith(Prefix, StringComparison.Ordinal)
            || update.Message is null || update.Command is not null)
        {
            return false;
        }
        await AnswerStepAsync(update, state, state.Step[Prefix.Length..], cancellationToken);
        return true;
    }

    private async Task AnswerStepAsync(BotUpdate update, ConversationState state, string step, CancellationToken cancellationToken)
    {
        if (await update.RequireTextAsync(100, cancellationToken) is not { } text)
        {
            return;
        }
        string value = text;
        switch (step)
        {
            case "city":
                // One indexed-size lookup by name; the list of known cities (bounded) only when the answer is unknown.
                var city = await db.Cities.AsNoTracking()
                    .Where(c => c.IsAvailable && c.Name.ToLower() == text.ToLower()).Select(c => new { c.Id }).FirstOrDefaultAsync(cancellationToken);
                if (city is null && await db.Cities.AnyAsync(c => c.IsAvailable, cancellationToken))
                {
                    var known = await db.Cities.AsNoTracking().Where(c => c.IsAvailable).OrderBy(c => c.Name).Select(c => c.Name).Take(20).ToListAsync(cancellationToken);
                    await update.ReplyAsync(update.T("partner.apply.city.unknown", string.Join(", ", known)), cancellationToken: cancellationToken);
                    return;
                }
                state = city is null ? state : state.With("cityId", city.Id.ToString(CultureInfo.InvariantCulture));
                break;
            case "phone":
                if (RegistrationHandler.Phone(text) is not { } phone || text.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '-' or '(' or ')')))
                {
                    await update.ReplyAsync(update.T("partner.apply.phone.invalid"), cancellationToken: cancellationToken);
                    return;
                }
                value = phone;
                break;
            case "booking":
                if (text != "-" && !(Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "https" or "http"))
                {
                    await update.ReplyAsync(update.T("partner.apply.url.invalid"), cancellationToken: cancellationToken);
                    return;
                }
                break;
            default:
                if (!Steps.Contains(step))
                {
                    await update.ClearStateAsync();
                    return;
                }
                break;
        }
        state = state.With(step, value);
        var next = Array.IndexOf(Steps, step) + 1;
        if (next < Steps.Length)
        {
            await update.SetStateAsync(state.Next(Prefix + Steps[next]));
            await update.ReplyAsync(update.T($"partner.apply.{Steps[next]}"), cancellationToken: cancellationToken);
            return;
        }
        await update.SetStateAsync(state.Next(Prefix + "confirm"));
        await update.ReplyAsync(update.T("partner.apply.summary", Steps.Select(s => (object)(state[s] ?? "-")).ToArray()),
            Keyboards.ConfirmOrCancel(update, "apply-send", "apply-cancel"), cancellationToken);
    }

    private async Task FinishAsync(BotUpdate update, bool send, CancellationToken cancellationToken)
    {
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        var state = await update.GetStateAsync();
        await update.ClearStateAsync();
        if (!send)
        {
            await update.ReplyAsync(update.T("cancelled"), cancellationToken: cancellationToken);
            return;
        }
        if (state is not { Step: Prefix + "confirm" })
        {
            await update.ReplyAsync(update.T("partner.apply.expired"), cancellationToken: cancellationToken);
            return;
        }
        var application = new PartnerApplication
        {
            TelegramUserId = update.UserId,
            Category = state["category"]!,
            Name = state["name"]!,
            CompanyName = state["company"],
            CityId = state["cityId"] is { } city ? int.Parse(city, CultureInfo.InvariantCulture) : null,
            District = state["district"],
            Phone = state["phone"],
            BookingUrl = state["booking"] is "-" ? null : state["booking"],
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.PartnerApplications.Add(application);
        await db.SaveWithEventsAsync(cancellationToken,
            new AdminAlertIntegrationEvent("Partner application", $"New partner application from {application.Name} ({application.Category})."));
        await update.ReplyAsync(update.T("partner.apply.sent", application.Id), cancellationToken: cancellationToken);
    }

    private async Task ReplyStatusAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        var latest = await db.PartnerApplications.AsNoTracking().Where(a => a.TelegramUserId == update.UserId)
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        var text = latest is null ? update.T("partner.not.partner") : update.T($"partner.status.{latest.Status}", latest.Id);
        await update.ReplyAsync(text, session.IsActive ? PartnerBot.Menu(update) : null, cancellationToken);
    }

    private Task<PartnerApplication?> PendingAsync(long userId, CancellationToken cancellationToken) =>
        db.PartnerApplications.AsNoTracking().FirstOrDefaultAsync(a => a.TelegramUserId == userId && a.Status == ApplicationStatus.Pending, cancellationToken);
}
