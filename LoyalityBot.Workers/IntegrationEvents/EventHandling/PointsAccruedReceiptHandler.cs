using System.Globalization;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Notifications;
using LoyalityBot.Workers.Telegram;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Sends the client a receipt for each accrual through the client bot. A redelivered event sends nothing (the
/// processed-events record); a failed send throws, so the event bus retries it later and dead-letters it at last.
/// </summary>
internal sealed class PointsAccruedReceiptHandler(TelegramGateway telegram, NpgsqlDataSource dataSource, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<PointsAccruedIntegrationEvent>
{
    private const string Consumer = "receipts";

    public async Task Handle(PointsAccruedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        if (await ProcessedEvents.ContainsAsync(dataSource, @event.Id, Consumer, cancellationToken))
        {
            return;
        }
        var outcome = await telegram.SendTextAsync(options.Value.ClientBot, @event.ClientId, Receipt(@event), cancellationToken);
        if (outcome == SendOutcome.Failed)
        {
            throw new InvalidOperationException($"The receipt for ledger entry {@event.EntryId} could not be sent.");
        }
        // Sent, or the client blocked the bot: either way this event is done.
        await ProcessedEvents.RecordAsync(dataSource, @event.Id, Consumer, cancellationToken);
    }

    internal static string Receipt(PointsAccruedIntegrationEvent @event) => string.Create(CultureInfo.InvariantCulture,
        $"+{@event.Points} points. Balance: {@event.BalanceAfter} points.");
}
