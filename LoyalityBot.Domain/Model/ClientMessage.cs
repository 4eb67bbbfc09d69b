namespace LoyalityBot.Domain.Model;

/// <summary>One message in a client–partner conversation.</summary>
public class ClientMessage
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    public long PartnerId { get; set; }
    public MessageSender Sender { get; set; }
    public MessageKind Kind { get; set; }
    public string? Text { get; set; }

    /// <summary>Content hash of an attachment (QR code, image, file).</summary>
    public string? AttachmentHash { get; set; }

    public bool IsRead { get; set; }
    public DateTime? ReadAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
