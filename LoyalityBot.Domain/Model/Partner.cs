namespace LoyalityBot.Domain.Model;

/// <summary>An approved business that accrues and redeems points, identified by its owner's Telegram user id.</summary>
public class Partner
{
    public long Id { get; set; }
    public long? ApplicationId { get; set; }
    public required string Name { get; set; }
    public string? CompanyName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public required string Category { get; set; }
    public string? CategoryGroup { get; set; }
    public int? CityId { get; set; }
    public string? District { get; set; }
    public WorkMode WorkMode { get; set; }

    /// <summary>Percent of a purchase paid back as points; 5 by default.</summary>
    public decimal CashbackPercent { get; set; } = 5m;

    public bool AllowClientMessages { get; set; } = true;

    /// <summary>The partner declined the daily churn job's reactivation offers to its lapsed clients.</summary>
    public bool ReactivationOptOut { get; set; }

    public string? BookingUrl { get; set; }
    public string? ContactLink { get; set; }
    public PartnerStatus Status { get; set; } = PartnerStatus.Active;
    public DateTime CreatedAt { get; set; }

    public List<Service> Services { get; set; } = [];
    public List<Promotion> Promotions { get; set; } = [];
}
