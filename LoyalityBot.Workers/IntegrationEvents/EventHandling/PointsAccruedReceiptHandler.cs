using System.Globalization;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Sends the client, through the client bot, a receipt for each accrual and then the NPS request: buttons 0–10
/// whose callback data is <c>nps:{ledger entry id}:{score}</c> (the client bot records the rating). Each is sent
/// once per event (<see cref="Notifier"/>).
/// </summary>
internal sealed class PointsAccruedReceiptHandler(Notifier notifier, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<PointsAccruedIntegrationEvent>
{
    public async Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        var bot = options.Value.ClientBot;
        await notifier.SendOnceAsync(@event.Id, "receipts", bot, @event.ClientId, Receipt(@event), null, cancellationToken);
        await notifier.SendOnceAsync(@event.Id, "nps-requests", bot, @event.ClientId, NpsQuestion, NpsKeyboard(@event.EntryId), cancellationToken);
    }

    internal static string Receipt(PointsAccruedIntegrationEvent @event) => string.Create(CultureInfo.InvariantCulture,
        $"+{@event.Points} points. Balance: {@event.BalanceAfter} points.");

    internal const string NpsQuestion = "How likely are you to recommend us to a friend? 0 = not at all, 10 = certainly.";

    /// <summary>0–5 on the first row, 6–10 on the second (Telegram shows at most 8 buttons a row).</summary>
    internal static InlineKeyboardMarkup NpsKeyboard(long entryId) => new(
        Enumerable.Range(0, 11)
            .Select(score => InlineKeyboardButton.WithCallbackData(score.ToString(CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"nps:{entryId}:{score}")))
            .Chunk(6));
}
