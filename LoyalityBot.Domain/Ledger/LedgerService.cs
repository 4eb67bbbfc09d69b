using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;
using Npgsql;

namespace LoyalityBot.Domain.Ledger;

/// <summary>
/// The points ledger: every balance change and its entry are one transaction on the primary, checked by the
/// database's conditional UPDATE and made idempotent by the entry's unique key. Pass <c>alsoWrite</c> to add
/// rows (an outbox event) to the same transaction.
/// </summary>
public sealed class LedgerService
{
    private readonly LedgerWriter writer;

    internal LedgerService(LedgerWriter writer) => this.writer = writer;

    private LedgerOptions Options => writer.Options;

    public Task<LedgerResult> AccrueAsync(AccrualRequest request, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        if (!OperationLimits.IsAcceptablePurchase(request.PurchaseAmount, Options) || request.Currency.Length != 3)
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.AmountRejected));
        }
        var hash = RequestHash.Of(nameof(AccrueAsync), request.ClientId, request.PartnerId, request.PurchaseAmount, request.Currency);
        return writer.RunAsync(request.IdempotencyKey, hash, async (ledger, ct) =>
        {
            var partner = await PartnerTermsAsync(ledger, request.PartnerId, request.Currency, ct);
            if (partner is null)
            {
                return LedgerResult.Of(LedgerStatus.PartnerNotFound);
            }
            if (partner.Value.RateToBase is not { } rate)
            {
                return LedgerResult.Of(LedgerStatus.UnknownCurrency);
            }
            var points = Cashback.Points(CurrencyConversion.ToBase(request.PurchaseAmount, rate), partner.Value.CashbackPercent, Options);
            var accrual = new Posting(request.ClientId, LedgerEntryKind.Accrual, points, request.IdempotencyKey)
            {
                EarnedDelta = points,
                RequestHash = hash,
                PartnerId = request.PartnerId,
                PurchaseAmount = request.PurchaseAmount,
                PurchaseCurrency = request.Currency.ToUpperInvariant(),
                Source = request.Source,
            };
            return await PostEarningAsync(ledger, accrual, ct);
        }, alsoWrite, cancellationToken);
    }

    public Task<LedgerResult> RedeemAsync(RedemptionRequest request, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        if (!OperationLimits.IsAcceptablePoints(request.Points, Options))
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.AmountRejected));
        }
        if (request.Points > Options.MaxSpendPointsPerDay)
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.DailyLimitExceeded));
        }
        var hash = RequestHash.Of(nameof(RedeemAsync), request.ClientId, request.PartnerId, request.Points);
        return writer.RunAsync(request.IdempotencyKey, hash, async (ledger, ct) =>
        {
            var redemption = new Posting(request.ClientId, LedgerEntryKind.Redemption, -request.Points, request.IdempotencyKey)
            {
                CountsTowardDailySpend = true,
                RequestHash = hash,
                PartnerId = request.PartnerId,
                Source = request.Source,
            };
            var posted = await ledger.PostAsync([redemption], request.ClientId, ct);
            return Applied(posted[0]);
        }, alsoWrite, cancellationToken);
    }

    public Task<LedgerResult> PayPromotionAsync(PromotionPaymentRequest request, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        if (!OperationLimits.IsAcceptablePoints(request.Points, Options))
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.AmountRejected));
        }
        var hash = RequestHash.Of(nameof(PayPromotionAsync), request.ClientId, request.PromotionId, request.Points);
        return writer.RunAsync(request.IdempotencyKey, hash, async (ledger, ct) =>
        {
            var promotion = await PromotionTermsAsync(ledger, request.PromotionId, ct);
            if (promotion is null)
            {
                return LedgerResult.Of(LedgerStatus.PromotionNotAvailable);
            }
            var terms = promotion.Value;
            var partner = await PartnerTermsAsync(ledger, terms.PartnerId, terms.Currency, ct);
            if (partner is not { RateToBase: { } rate })
            {
                return LedgerResult.Of(LedgerStatus.PromotionNotAvailable);
            }
            if (PromotionPayment.Split(terms.Price, terms.MaxPointsPayment, terms.PointValue, request.Points) is not { } split)
            {
                return LedgerResult.Of(LedgerStatus.PointsCapExceeded);
            }
            var payment = new Posting(request.ClientId, LedgerEntryKind.PromotionPayment, -split.Points, request.IdempotencyKey)
            {
                CountsTowardDailySpend = true,
                RequestHash = hash,
                PartnerId = terms.PartnerId,
                PromotionId = request.PromotionId,
                PurchaseAmount = terms.Price,
                PurchaseCurrency = terms.Currency,
                Source = request.Source,
            };
            var posted = await ledger.PostAsync([payment], request.ClientId, ct);
            var cashback = PromotionPayment.CashbackPoints(split, partner.Value.CashbackPercent, rate, Options);
            var accrual = new Posting(request.ClientId, LedgerEntryKind.Accrual, cashback, $"{request.IdempotencyKey}/cashback")
            {
                EarnedDelta = cashback,
                PartnerId = terms.PartnerId,
                PromotionId = request.PromotionId,
                PurchaseAmount = split.CashRemainder,
                PurchaseCurrency = terms.Currency,
                Source = request.Source,
            };
            await PostEarningAsync(ledger, accrual, ct);
            return Applied(posted[0]);
        }, alsoWrite, cancellationToken);
    }

    public Task<LedgerResult> AdjustAsync(AdjustmentRequest request, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        if (request.Points == 0 || !OperationLimits.IsAcceptablePoints(Math.Abs(request.Points), Options))
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.AmountRejected));
        }
        var hash = RequestHash.Of(nameof(AdjustAsync), request.ClientId, request.Points);
        return writer.RunAsync(request.IdempotencyKey, hash, async (ledger, ct) =>
        {
            var adjustment = new Posting(request.ClientId, LedgerEntryKind.Adjustment, request.Points, request.IdempotencyKey)
            {
                RequestHash = hash,
                Source = request.Source,
            };
            return Applied((await ledger.PostAsync([adjustment], null, ct))[0]);
        }, alsoWrite, cancellationToken);
    }

    public Task<LedgerResult> ReverseAsync(ReversalRequest request, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        var hash = RequestHash.Of(nameof(ReverseAsync), request.EntryId);
        return writer.RunAsync(request.IdempotencyKey, hash, async (ledger, ct) =>
        {
            await using var command = ledger.CreateCommand(
                "SELECT client_id, kind, amount, partner_id FROM ledger_entries WHERE id = $1",
                LedgerTransaction.Parameter(request.EntryId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return LedgerResult.Of(LedgerStatus.EntryNotFound);
            }
            var clientId = reader.GetInt64(0);
            var kind = Enum.Parse<LedgerEntryKind>(reader.GetString(1));
            var amount = reader.GetInt64(2);
            long? partnerId = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            await reader.DisposeAsync();
            if (kind == LedgerEntryKind.Reversal)
            {
                return LedgerResult.Of(LedgerStatus.AlreadyReversed);
            }
            var reversal = new Posting(clientId, LedgerEntryKind.Reversal, -amount, request.IdempotencyKey)
            {
                // Undoing an earning takes it out of the lifetime total too, so a reversed accrual grants no tier.
                EarnedDelta = IsEarning(kind) ? -amount : 0,
                RequestHash = hash,
                PartnerId = partnerId,
                RelatedEntryId = request.EntryId,
                Source = request.Source,
            };
            return Applied((await ledger.PostAsync([reversal], null, ct))[0]);
        }, alsoWrite, cancellationToken);
    }

    /// <summary>
    /// Creates the client, their account with the welcome bonus, their referral tree (up to 3 levels) and pays the
    /// uplines' registration rewards and any referral achievement the direct referrer just reached.
    /// Registering the same client again is a replay.
    /// </summary>
    public Task<LedgerResult> RegisterClientAsync(ClientRegistration registration, LedgerCallback? alsoWrite = null, CancellationToken cancellationToken = default)
    {
        if (registration.ReferrerClientId == registration.ClientId)
        {
            return Task.FromResult(LedgerResult.Of(LedgerStatus.SelfReferral));
        }
        var key = $"welcome:{registration.ClientId}";
        var hash = RequestHash.Of(nameof(RegisterClientAsync), registration.ClientId);
        return writer.RunAsync(key, hash, (ledger, ct) => ClientEnrollment.EnrollAsync(ledger, registration, key, hash, ct), alsoWrite, cancellationToken);
    }

    /// <summary>
    /// Pays the uplines' shares (L1/L2/L3: 8/4/2 % by default) of the points earned by the accrual
    /// <paramref name="entryId"/>, or by the cashback of the promotion payment <paramref name="entryId"/>. The workers
    /// call it for each accrual or redemption event, after the earning committed. Idempotent: the shares' keys are
    /// <c>{earning key}/l{level}</c>, so a second call (a redelivered event) pays nothing and returns
    /// <see cref="LedgerStatus.Replayed"/> with the level-1 share. <see cref="LedgerStatus.EntryNotFound"/>: no
    /// such earning (a plain redemption); <see cref="LedgerStatus.Applied"/> without an entry: nothing to share
    /// (no uplines, or every share rounds to 0).
    /// </summary>
    public async Task<LedgerResult> PayReferralSharesAsync(long entryId, CancellationToken cancellationToken = default)
    {
        var earning = await writer.ReadAsync((connection, ct) => ReferralShares.FindEarningAsync(connection, entryId, ct), cancellationToken);
        if (earning is null)
        {
            return LedgerResult.Of(LedgerStatus.EntryNotFound);
        }
        var hash = RequestHash.Of(nameof(PayReferralSharesAsync), earning.EntryId);
        var postings = ReferralShares.Postings(earning, hash, Options);
        if (postings.Count == 0)
        {
            return new LedgerResult(LedgerStatus.Applied, ClientId: earning.ClientId);
        }
        return await writer.RunAsync(postings[0].IdempotencyKey, hash,
            async (ledger, ct) => Applied((await ledger.PostAsync(postings, null, ct))[0]), null, cancellationToken);
    }

    private static bool IsEarning(LedgerEntryKind kind) => kind is LedgerEntryKind.WelcomeBonus or LedgerEntryKind.Accrual
        or LedgerEntryKind.ReferralRewardL1 or LedgerEntryKind.ReferralRewardL2 or LedgerEntryKind.ReferralRewardL3
        or LedgerEntryKind.Achievement;

    private static LedgerResult Applied(PostedEntry entry) =>
        new(LedgerStatus.Applied, entry.EntryId, entry.ClientId, entry.Amount, entry.BalanceAfter);

    /// <summary>
    /// Credits earned points. The uplines' shares of them are paid afterwards by <see cref="PayReferralSharesAsync"/>
    /// (the workers, on the accrual's integration event), so an accrual locks the buyer's account only.
    /// </summary>
    private static async Task<LedgerResult> PostEarningAsync(LedgerTransaction ledger, Posting earning, CancellationToken ct)
    {
        if (earning.Amount == 0)
        {
            // Nothing earned (a tiny purchase): no entry, nothing to make idempotent.
            return new LedgerResult(LedgerStatus.Applied, ClientId: earning.ClientId);
        }
        var posted = await ledger.PostAsync([earning], earning.ClientId, ct);
        return Applied(posted[0]);
    }

    internal static LedgerEntryKind ReferralKind(int level) => level switch
    {
        1 => LedgerEntryKind.ReferralRewardL1,
        2 => LedgerEntryKind.ReferralRewardL2,
        _ => LedgerEntryKind.ReferralRewardL3,
    };

    private readonly record struct PartnerTerms(decimal CashbackPercent, decimal? RateToBase);

    /// <summary>The partner's cashback and the purchase currency's rate, in one query.</summary>
    private async Task<PartnerTerms?> PartnerTermsAsync(LedgerTransaction ledger, long partnerId, string currency, CancellationToken ct)
    {
        await using var command = ledger.CreateCommand("""
            SELECT p.cashback_percent,
                   CASE WHEN $2 = $3 THEN 1.0 ELSE (SELECT r.rate_to_base FROM exchange_rates r WHERE r.currency = $2) END
            FROM partners p
            WHERE p.id = $1 AND p.status = 'Active'
            """,
            LedgerTransaction.Parameter(partnerId),
            LedgerTransaction.Parameter(currency.ToUpperInvariant(), NpgsqlTypes.NpgsqlDbType.Char),
            LedgerTransaction.Parameter(Options.BaseCurrency.ToUpperInvariant(), NpgsqlTypes.NpgsqlDbType.Char));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new PartnerTerms(
            reader.GetDecimal(0),
            reader.IsDBNull(1) ? null : reader.GetDecimal(1));
    }

    private readonly record struct PromotionTerms(long PartnerId, decimal Price, string Currency, long MaxPointsPayment, decimal PointValue);

    /// <summary>An approved, active promotion within its dates, or null.</summary>
    private static async Task<PromotionTerms?> PromotionTermsAsync(LedgerTransaction ledger, long promotionId, CancellationToken ct)
    {
        await using var command = ledger.CreateCommand("""
            SELECT partner_id, price, currency, max_points_payment, point_value FROM promotions
            WHERE id = $1 AND approval_status = 'Approved' AND is_active AND $2 BETWEEN starts_on AND ends_on
            """,
            LedgerTransaction.Parameter(promotionId),
            LedgerTransaction.Parameter(ledger.Today));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new PromotionTerms(reader.GetInt64(0), reader.GetDecimal(1), reader.GetString(2), reader.GetInt64(3), reader.GetDecimal(4))
            : null;
    }
}
