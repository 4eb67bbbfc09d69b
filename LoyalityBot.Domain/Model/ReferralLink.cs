namespace LoyalityBot.Domain.Model;

/// <summary>An edge of the referral tree: <see cref="ReferrerId"/> is the referee's upline at <see cref="Level"/> (1–3).</summary>
public class ReferralLink
{
    public long ReferrerId { get; set; }
    public long RefereeId { get; set; }
    public short Level { get; set; }
    public DateTime CreatedAt { get; set; }
}
