namespace LoyalityBot.Domain.Model;

/// <summary>What promotions and services share as partner content under moderation (one save path serves both).</summary>
public interface IModeratedContent
{
    long Id { get; }
    long PartnerId { get; }
    ModerationStatus ApprovalStatus { get; set; }
    bool IsActive { get; set; }
}
