namespace LoyalityBot.Domain.Model;

/// <summary>A request to become a partner; an admin approves it into a <see cref="Partner"/>.</summary>
public class PartnerApplication
{
    public long Id { get; set; }
    public long TelegramUserId { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? CompanyName { get; set; }
    public required string Category { get; set; }
    public string? CategoryGroup { get; set; }
    public WorkMode WorkMode { get; set; }
    public int? CityId { get; set; }
    public string? District { get; set; }
    public string? ContactLink { get; set; }
    public string? BookingUrl { get; set; }
    public long? ReferredByPartnerId { get; set; }
    public ApplicationStatus Status { get; set; } = ApplicationStatus.Pending;
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
}
