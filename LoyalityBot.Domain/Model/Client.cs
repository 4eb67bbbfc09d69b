namespace LoyalityBot.Domain.Model;

/// <summary>A loyalty-program member, identified by their Telegram user id.</summary>
public class Client
{
    /// <summary>Telegram user id (bigint), not generated.</summary>
    public long Id { get; set; }

    /// <summary>E.164 digits without '+', unique when present.</summary>
    public string? Phone { get; set; }

    public required string Name { get; set; }
    public int? CityId { get; set; }
    public string Language { get; set; } = "ru";
    public RegistrationSource RegistrationSource { get; set; }

    /// <summary>The partner whose link or QR the client signed up through.</summary>
    public long? RegisteredViaPartnerId { get; set; }

    /// <summary>The client whose referral code was used (level 1 upline).</summary>
    public long? ReferredByClientId { get; set; }

    /// <summary>The ambassador code (<c>amb_…</c>) the client came through.</summary>
    public string? AmbassadorCode { get; set; }

    public required string ReferralCode { get; set; }
    public ClientStatus Status { get; set; } = ClientStatus.Active;
    public DateTime RegisteredAt { get; set; }
    public DateTime? LastVisitAt { get; set; }

    public PointAccount? Account { get; set; }
}
