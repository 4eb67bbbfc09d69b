namespace LoyalityBot.Workers.Notifications;

/// <summary>The <c>Notifications</c> section: which configured bot carries each kind of notification.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>The bot clients talk to (receipts, NPS requests, partners' messages, reactivation offers).</summary>
    public string ClientBot { get; set; } = "client";

    /// <summary>The bot partners talk to (application decisions, moderation results, clients' messages, refused photos, analytics exports).</summary>
    public string PartnerBot { get; set; } = "partner";

    /// <summary>The bot admins talk to (alerts).</summary>
    public string AdminBot { get; set; } = "admin";
}
