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
