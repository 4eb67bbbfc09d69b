using System.Text;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Admin;

/// <summary>
/// The admins' recent broadcasts, newest first, five a page (keyset, older pages by <c>bcs:&lt;cursor&gt;</c>, edited
/// in place): audience, status and progress from the counters the sending worker keeps (sent, failed, skipped, and
/// what remains of the recipients it materialized).
/// </summary>
internal sealed class BroadcastStatusHandler(LoyaltyReadOnlyDbContext db) : IUpdateHandler
{
    public const int PageSize = 5;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        PageRequest page;
        if (AdminBot.Asks(update, "broadcasts", "admin.menu.broadcasts"))
        {
            page = PageRequest.First(PageSize);
        }
        else if (CallbackData.TryParsePage(update.CallbackData, "bcs", PageSize, out var older))
        {
            if (older is null)
            {
                await update.AnswerCallbackAsync(update.T("stale"), cancellationToken);
                return true;
            }
            page = older;
        }
        else
        {
            return false;
        }
        var campaigns = await db.BroadcastCampaigns.Where(c => c.Initiator == BroadcastInitiator.Admin)
            .ToKeysetPageAsync(c => c.Id, descending: true, page, cancellationToken);
        if (campaigns.Items.Count == 0)
        {
            await update.ShowAsync(update.T("admin.broadcasts.none"), null, cancellationToken);
            return true;
        }
        var cityIds = campaigns.Items.Where(c => c.CityId is not null).Select(c => c.CityId!.Value).Distinct().ToList();
        var cities = await db.Cities.Where(c => cityIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var text = new StringBuilder(update.T("admin.broadcasts.title"));
        foreach (var c in campaigns.Items)
        {
            var audience = update.T("admin.broadcast.audience", update.T($"admin.target.{c.Target}"),
                c.CityId is { } city ? cities.GetValueOrDefault(city, $"#{city}") : update.T("admin.broadcast.all.cities"),
                c.Category ?? update.T("admin.broadcast.all.categories"));
            var remaining = Math.Max(0, c.RecipientCount - c.SentCount - c.FailedCount - c.SkippedCount);
            text.Append("\n\n").Append(update.T("admin.broadcasts.item", c.Id, update.T($"admin.broadcast.state.{c.Status}"), audience,
                c.RecipientCount, c.SentCount, c.FailedCount, c.SkippedCount, remaining, c.CreatedAt.ToString("dd.MM.yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                c.Text.Length > 60 ? c.Text[..60] + "…" : c.Text));
        }
        var more = campaigns.NextCursor is { } next ? Keyboards.Inline([(update.T("btn.next"), $"bcs:{next}")]) : null;
        await update.ShowAsync(text.ToString(), more, cancellationToken);
        return true;
    }
}
