namespace LoyalityBot.Domain.Messages;

public enum ClientMessageStatus { Sent, InvalidText, PartnerNotFound, PartnerClosed, RateLimited, NoConversation }

/// <summary>What <see cref="ClientMessageService"/> did: the saved message's id, or why nothing was sent.</summary>
public sealed record ClientMessageResult(ClientMessageStatus Status, long? MessageId = null, TimeSpan RetryAfter = default)
{
    public bool Sent => Status == ClientMessageStatus.Sent;
}
