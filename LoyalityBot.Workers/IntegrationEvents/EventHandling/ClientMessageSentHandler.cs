using System.Globalization;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Workers.Notifications;
using Microsoft.Extensions.Options;
using Npgsql;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Workers.IntegrationEvents.EventHandling;

/// <summary>
/// Delivers a client–partner message (the <c>client_messages</c> row) to the other side: a client's message goes
/// to the partner through the partner bot with a Reply button (callback <c>reply:{clientId}</c>, which the partner
/// bot handles); a partner's reply goes to the client through the client bot.
/// </summary>
internal sealed class ClientMessageSentHandler(Notifier notifier, NpgsqlDataSource dataSource, IOptions<NotificationOptions> options)
    : IIntegrationEventHandler<ClientMessageSentIntegrationEvent>
{
    public async Task Handle(ClientMessageSentIntegrationEvent @event, CancellationToken cancellationToken)
    {
        // The row commits with the event, so a missing one is a bad event: throwing dead-letters it after the retries.
        var message = await LoadAsync(@event, cancellationToken)
            ?? throw new InvalidOperationException($"client_messages row {@event.MessageId} of client {@event.ClientId} and partner {@event.PartnerId} does not exist.");
        if (@event.FromClient)
        {
            await notifier.SendOnceAsync(@event.Id, "client-messages", options.Value.PartnerBot, @event.PartnerId,
                $"Message from {message.ClientName}:\n{message.Body}", ReplyButton(@event.ClientId), cancellationToken);
        }
        else
        {
            await notifier.SendOnceAsync(@event.Id, "client-messages", options.Value.ClientBot, @event.ClientId,
                $"Message from {message.PartnerName}:\n{message.Body}", null, cancellationToken);
        }
    }

    internal static InlineKeyboardMarkup ReplyButton(long clientId) =>
        new(InlineKeyboardButton.WithCallbackData("Reply", string.Create(CultureInfo.InvariantCulture, $"reply:{clientId}")));

    private sealed record Message(string ClientName, string PartnerName, string Body);

    private async Task<Message?> LoadAsync(ClientMessageSentIntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT c.name, p.name, m.kind, m.text
            FROM client_messages m JOIN clients c ON c.id = m.client_id JOIN partners p ON p.id = m.partner_id
            WHERE m.id = $1 AND m.client_id = $2 AND m.partner_id = $3
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.MessageId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.ClientId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = @event.PartnerId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var kind = reader.GetString(2);
        var text = reader.IsDBNull(3) ? null : reader.GetString(3);
        // Attachments (a QR code, an image, a file) are named here; their content lives in the media store.
        var body = kind == "Text" ? text ?? "" : $"[{kind}] {text}".TrimEnd();
        return new Message(reader.GetString(0), reader.GetString(1), body);
    }
}
