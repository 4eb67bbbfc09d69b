using System.Globalization;
using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Extensions;
using LoyalityBot.Domain.Queries;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Bots.Partner;

/// <summary>
/// <c>/analytics</c>: the partner's summary for 7, 30 or 90 days or all time (<c>an:&lt;period&gt;</c>), read on the
/// replicas by <see cref="PartnerAnalytics"/>, the same figures the API gives.
/// </summary>
internal sealed class AnalyticsHandler(
    PartnerSession session, [FromKeyedServices(LoyaltyDataExtensions.ReadOnlyConnectionName)] NpgsqlDataSource replicas, TimeProvider time) : IUpdateHandler
{
    private static readonly (string Code, AnalyticsPeriod Period)[] Periods =
        [("7", AnalyticsPeriod.Days7), ("30", AnalyticsPeriod.Days30), ("90", AnalyticsPeriod.Days90), ("all", AnalyticsPeriod.AllTime)];

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Partner is not { } partner)
        {
            return false;
        }
        if (PartnerBot.Asks(update, "analytics", "partner.menu.analytics"))
        {
            await update.ReplyAsync(update.T("partner.analytics.choose"), Buttons(update), cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "an", out var parts))
        {
            return false;
        }
        var chosen = Periods.FirstOrDefault(p => parts is [var code] && p.Code == code);
        if (chosen.Code is null)
        {
            await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
            await update.ReplyAsync(update.T("stale"), Buttons(update), cancellationToken);
            return true;
        }
        var figures = await PartnerAnalytics.ReadAsync(replicas, partner.Id, chosen.Period, time.GetUtcNow().UtcDateTime, cancellationToken);
        var text = update.T("partner.analytics", update.T($"partner.analytics.{chosen.Code}"),
            Money(figures.Revenue), figures.Transactions, Money(figures.AverageCheck), figures.NewClients, figures.ReturningClients,
            figures.Nps?.ToString(CultureInfo.InvariantCulture) ?? "—", figures.NpsResponses, figures.PointsIssued, figures.PointsRedeemed);
        await update.ShowAsync(text, Buttons(update), cancellationToken);
        return true;
    }

    private static InlineKeyboardMarkup Buttons(BotUpdate update) =>
        Keyboards.Inline([.. Periods.Select(p => (update.T($"partner.analytics.{p.Code}"), $"an:{p.Code}"))]);

    private static string Money(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
