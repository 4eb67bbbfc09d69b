using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>Tells the applicant, through the partner bot, that an admin approved or rejected their application.</summary>
internal sealed class PartnerApplicationDecidedHandler(Notifier notifier, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<PartnerApplicationDecidedIntegrationEvent>
{
    public Task Handle(PartnerApplicationDecidedIntegrationEvent @event, CancellationToken cancellationToken) =>
        notifier.SendOnceAsync(@event.Id, "application-decisions", options.Value.PartnerBot, @event.ApplicantTelegramId, Text(@event), null, cancellationToken);

    internal static string Text(PartnerApplicationDecidedIntegrationEvent @event) => @event.Approved
        ? "Your partner application was approved. Welcome aboard! Open the menu to set up your profile."
        : Rejection("Your partner application was rejected.", @event.Reason);

    internal static string Rejection(string what, string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? what : $"{what} Reason: {reason}";
}
