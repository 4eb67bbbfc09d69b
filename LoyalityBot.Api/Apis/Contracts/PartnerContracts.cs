using LoyalityBot.Domain.Model;

namespace LoyalityBot.Api.Apis.Contracts;

public sealed record AccrualRequestBody(long? ClientId, decimal? PurchaseAmount, string? Currency);

public sealed record RedemptionRequestBody(long? ClientId, long? Points);

public sealed record LedgerOperationResponse(long? EntryId, long ClientId, long Points, long? BalanceAfter, bool Replayed);

public sealed record PartnerClientResponse(long Id, string Name, DateTime RegisteredAt, DateTime? LastVisitAt);

public sealed record TransactionResponse(
    long Id, long ClientId, LedgerEntryKind Kind, long Amount, decimal? PurchaseAmount, string? PurchaseCurrency, DateTime CreatedAt);

public sealed record OwnPromotionResponse(PromotionResponse Promotion, ModerationStatus ApprovalStatus, bool IsActive, IReadOnlyList<long> ServiceIds);

public sealed record OwnServiceResponse(ServiceResponse Service, ModerationStatus ApprovalStatus, bool IsActive);

public sealed record ExportRequestBody(string? Format);

/// <summary>A partner's settings change: a switch left out (null) keeps its value.</summary>
public sealed record PartnerSettingsBody(bool? AllowClientMessages, bool? ReactivationOptOut);
