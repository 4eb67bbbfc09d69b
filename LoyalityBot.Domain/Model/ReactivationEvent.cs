namespace LoyalityBot.Domain.Model;

/// <summary>A "we miss you" offer sent to a client who stopped visiting a partner (the cooldown reads these).</summary>
public class ReactivationEvent
{
    public long Id { get; set; }
    public long ClientId { get; set; }
    public long PartnerId { get; set; }
    public int DaysSinceLastVisit { get; set; }
    public long? PromotionId { get; set; }
    public DateTime SentAt { get; set; }
}
