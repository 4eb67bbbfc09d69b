using System.Globalization;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Sends an alert through the admin bot to every configured admin (<c>Admin:TelegramIds</c>), once per admin:
/// a retry after one admin's send failed does not repeat it to the others.
/// </summary>
internal sealed class AdminAlertHandler(Notifier notifier, IOptions<NotificationOptions> options, IOptions<AdminOptions> admins)
    : IIntegrationEventHandler<AdminAlertIntegrationEvent>
{
    public async Task Handle(AdminAlertIntegrationEvent @event, CancellationToken cancellationToken)
    {
        foreach (var admin in admins.Value.TelegramIds.Distinct())
        {
            await notifier.SendOnceAsync(@event.Id, string.Create(CultureInfo.InvariantCulture, $"admin-alerts:{admin}"), options.Value.AdminBot,
                admin, Text(@event), null, cancellationToken);
        }
    }

    internal static string Text(AdminAlertIntegrationEvent @event) => $"⚠️ {@event.Subject}\n{@event.Text}";
}
