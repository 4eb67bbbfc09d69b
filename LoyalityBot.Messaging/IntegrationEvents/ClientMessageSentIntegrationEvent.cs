namespace LoyalityBot.Messaging.IntegrationEvents;

/// <summary>
/// A client wrote to a partner or a partner replied (the <c>client_messages</c> row <paramref name="MessageId"/>);
/// the workers deliver it to the other side through that side's bot.
/// </summary>
public sealed record ClientMessageSentIntegrationEvent(
    long MessageId, long ClientId, long PartnerId, bool FromClient) : IntegrationEvent;
