namespace LoyalityBot.Domain.Model;

/// <summary>The link between a promotion and one of its partner's services.</summary>
public class PromotionService
{
    public long PromotionId { get; set; }
    public long ServiceId { get; set; }
}
