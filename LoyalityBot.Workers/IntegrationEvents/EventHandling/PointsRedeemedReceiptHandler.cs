using System.Globalization;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>Sends the client, through the client bot, a receipt for each redemption or promotion payment, once per event.</summary>
internal sealed class PointsRedeemedReceiptHandler(Notifier notifier, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<PointsRedeemedIntegrationEvent>
{
    public Task Handle(PointsRedeemedIntegrationEvent @event, CancellationToken cancellationToken) =>
        notifier.SendOnceAsync(@event.Id, "receipts", options.Value.ClientBot, @event.ClientId, Receipt(@event), null, cancellationToken);

    internal static string Receipt(PointsRedeemedIntegrationEvent @event) => string.Create(CultureInfo.InvariantCulture,
        $"-{@event.Points} points spent. Balance: {@event.BalanceAfter} points.");
}
