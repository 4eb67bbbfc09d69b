using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>Tells the partner (a partner's id is its owner's Telegram id), through the partner bot, how an admin moderated their promotion or service.</summary>
internal sealed class ContentModeratedHandler(Notifier notifier, NpgsqlDataSource dataSource, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<ContentModeratedIntegrationEvent>
{
    public async Task Handle(ContentModeratedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        var title = await TitleAsync(@event, cancellationToken);
        await notifier.SendOnceAsync(@event.Id, "moderation-results", options.Value.PartnerBot, @event.PartnerId, Text(@event, title), null, cancellationToken);
    }

    internal static string Text(ContentModeratedIntegrationEvent @event, string? title)
    {
        var what = $"Your {@event.Kind.ToString().ToLowerInvariant()} \"{title ?? $"#{@event.ContentId}"}\"";
        return @event.Approved
            ? $"{what} was approved and is now visible to clients."
            : PartnerApplicationDecidedHandler.Rejection($"{what} was rejected.", @event.Reason);
    }

    /// <summary>The promotion's or service's title, if it still exists.</summary>
    private async Task<string?> TitleAsync(ContentModeratedIntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(@event.Kind == ModeratedContentKind.Promotion
            ? "SELECT title FROM promotions WHERE id = $1 AND partner_id = $2"
            : "SELECT title FROM services WHERE id = $1 AND partner_id = $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.ContentId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.PartnerId });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
