using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Workers.Telegram;
using Npgsql;
using Telegram.Bot;
using Telegram.Bot.Types.ReplyMarkups;

namespace LoyalityBot.Workers.Notifications;

/// <summary>
/// Sends one notification per event and recipient: check the processed-events record, send through the gateway,
/// record. A redelivered event sends nothing; a crash between the send and the record repeats that one message.
/// A failed send throws, so the event bus retries it with delay and finally dead-letters it. A recipient who
/// blocked the bot counts as done.
/// </summary>
public sealed class Notifier(TelegramGateway telegram, NpgsqlDataSource dataSource)
{
    /// <param name="consumer">What this notification is (<c>receipts</c>, <c>nps-requests</c>…); with the event id, the record's key.</param>
    public async Task SendOnceAsync(Guid eventId, string consumer, string bot, long chatId, string text, InlineKeyboardMarkup? keyboard,
        CancellationToken cancellationToken)
    {
        if (await ProcessedEvents.ContainsAsync(dataSource, eventId, consumer, cancellationToken))
        {
            return;
        }
        var outcome = await telegram.SendAsync(bot, chatId,
            (client, ct) => client.SendMessage(chatId, text, replyMarkup: keyboard, cancellationToken: ct), cancellationToken);
        if (outcome == SendOutcome.Failed)
        {
            throw new NotificationFailedException($"The {consumer} notification of event {eventId} to chat {chatId} through {bot} could not be sent.");
        }
        await ProcessedEvents.RecordAsync(dataSource, eventId, consumer, cancellationToken);
    }
}

/// <summary>Telegram refused the message or kept failing; the event bus retries the event later.</summary>
public sealed class NotificationFailedException(string message) : Exception(message);
