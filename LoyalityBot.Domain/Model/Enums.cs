namespace LoyalityBot.Domain.Model;

// Enums are stored as their names (text columns), so the data reads well in psql and survives reordering.

public enum RegistrationSource { Direct, Partner, Referral, Ambassador }

public enum ClientStatus { Active, Blocked, Deleted }

public enum ApplicationStatus { Pending, Approved, Rejected }

public enum PartnerStatus { Active, Suspended }

public enum WorkMode { Offline, Online, Hybrid }

public enum ModerationStatus { Pending, Approved, Rejected }

public enum PromotionType { Discount, PointsRedemption, Cashback }

public enum TierVisibility { All, TierOnly }

public enum VisibilityMode { Public, HideCompetitors }

public enum Tier { Bronze, Silver, Gold, Platinum, Diamond }

public enum MessageSender { Client, Partner }

public enum MessageKind { Text, QrCode, Image, File }

public enum BroadcastAudience { Referrals, Visitors, Both }

public enum BroadcastStatus { Scheduled, Sending, Completed, Failed }

public enum BroadcastInitiator { Partner, Admin }

/// <summary>Who receives an admin's broadcast (a partner's always goes to its own clients).</summary>
public enum BroadcastTarget { Clients, Partners }

/// <summary>
/// A recipient's progress: <c>Sending</c> is written before the Telegram call and the outcome after it, so after a
/// crash only the recipients still <c>Sending</c> are in doubt.
/// </summary>
public enum BroadcastRecipientStatus { Pending, Sending, Sent, Failed, Skipped }

public enum LedgerEntryKind
{
    WelcomeBonus,
    Accrual,
    Redemption,
    PromotionPayment,
    ReferralRewardL1,
    ReferralRewardL2,
    ReferralRewardL3,
    Achievement,
    Adjustment,
    Reversal,
}
