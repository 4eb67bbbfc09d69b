namespace LoyalityBot.Domain.Ledger;

public enum LedgerStatus
{
    /// <summary>The operation was applied now.</summary>
    Applied,
    /// <summary>The same request was applied before; the result is the original one and nothing changed now.</summary>
    Replayed,
    /// <summary>The idempotency key was used before by a different request.</summary>
    Conflict,
    AmountRejected,
    InsufficientBalance,
    DailyLimitExceeded,
    PointsCapExceeded,
    ClientNotFound,
    PartnerNotFound,
    PromotionNotAvailable,
    EntryNotFound,
    UnknownCurrency,
    SelfReferral,
    AlreadyRegistered,
    AlreadyReversed,
}

/// <summary>
/// The outcome of a ledger operation, with its main entry (the one carrying the caller's idempotency key).
/// Entries paid alongside (uplines' registration rewards, cashback on a promotion's cash part) are in the client's
/// history; uplines' accrual shares come later, from <see cref="LedgerService.PayReferralSharesAsync"/>.
/// </summary>
public sealed record LedgerResult(LedgerStatus Status, long? EntryId = null, long ClientId = 0, long Points = 0, long? BalanceAfter = null)
{
    public bool Succeeded => Status is LedgerStatus.Applied or LedgerStatus.Replayed;

    internal static LedgerResult Of(LedgerStatus status) => new(status);
}
