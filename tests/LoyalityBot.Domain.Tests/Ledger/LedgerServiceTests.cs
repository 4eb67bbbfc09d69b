using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Tests.Ledger;

public class LedgerServiceTests(LedgerDatabaseFixture fixture) : IClassFixture<LedgerDatabaseFixture>
{
    private LoyaltyTestDatabase Db => fixture.Database;
    private LedgerService Ledger => Db.Ledger;
    private static string Key() => Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Registration_pays_the_welcome_bonus_once()
    {
        var client = fixture.NextId();
        var first = await Ledger.RegisterClientAsync(new ClientRegistration(client, "Anna"));
        var again = await Ledger.RegisterClientAsync(new ClientRegistration(client, "Anna"));

        Assert.Equal(new LedgerResult(LedgerStatus.Applied, first.EntryId, client, 100, 100), first);
        Assert.Equal(LedgerStatus.Replayed, again.Status);
        Assert.Equal(first.EntryId, again.EntryId);
        Assert.Equal(100, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Referral_registration_links_three_levels_and_pays_100_25_10()
    {
        var a = await Db.RegisterAsync(fixture.NextId());
        var b = await Db.RegisterAsync(fixture.NextId(), referrer: a);
        var c = await Db.RegisterAsync(fixture.NextId(), referrer: b);
        var d = await Db.RegisterAsync(fixture.NextId(), referrer: c);
        var e = await Db.RegisterAsync(fixture.NextId(), referrer: d);

        var uplinesOfE = await Db.WithContextAsync(db => db.ReferralLinks.Where(l => l.RefereeId == e)
            .OrderBy(l => l.Level).Select(l => new { l.ReferrerId, l.Level }).ToListAsync());
        Assert.Equal([new { ReferrerId = d, Level = (short)1 }, new { ReferrerId = c, Level = (short)2 }, new { ReferrerId = b, Level = (short)3 }], uplinesOfE);
        // d: welcome 100 + 100 for e; c: 100 + 100 (d) + 25 (e); b: 100 + 100 (c) + 25 (d) + 10 (e); a: 100 + 100 + 25 + 10.
        Assert.Equal(200, await Db.BalanceAsync(d));
        Assert.Equal(225, await Db.BalanceAsync(c));
        Assert.Equal(235, await Db.BalanceAsync(b));
        Assert.Equal(235, await Db.BalanceAsync(a));
    }

    [Fact]
    public async Task Self_referral_and_unknown_referrers_are_refused()
    {
        var client = fixture.NextId();
        Assert.Equal(LedgerStatus.SelfReferral, (await Ledger.RegisterClientAsync(new ClientRegistration(client, "Self", ReferrerClientId: client))).Status);
        Assert.Equal(LedgerStatus.ClientNotFound, (await Ledger.RegisterClientAsync(new ClientRegistration(client, "X", ReferrerClientId: 999_999_999))).Status);
        Assert.False(await Db.WithContextAsync(db => db.Clients.AnyAsync(c => c.Id == client)));
    }

    [Fact]
    public async Task Accrual_pays_floor_of_cashback_to_the_buyer_and_nothing_to_the_uplines_yet()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var (a, b, c, buyer) = await ChainAsync();
        var before = (a: await Db.BalanceAsync(a), b: await Db.BalanceAsync(b), c: await Db.BalanceAsync(c));

        var result = await Ledger.AccrueAsync(new AccrualRequest(buyer, partner, 2_019.99m, "USD", Key(), "update:1"));

        Assert.Equal(LedgerStatus.Applied, result.Status);
        Assert.Equal(100, result.Points); // floor(2019.99 × 5 %) = floor(100.9995)
        Assert.Equal(200, result.BalanceAfter);
        // The uplines' shares are the workers' job (PayReferralSharesAsync on the accrual's event).
        Assert.Equal(before, (await Db.BalanceAsync(a), await Db.BalanceAsync(b), await Db.BalanceAsync(c)));
        var entry = await Db.WithContextAsync(db => db.LedgerEntries.SingleAsync(e => e.Id == result.EntryId));
        Assert.Equal((LedgerEntryKind.Accrual, partner, 2_019.99m, "USD", "update:1"),
            (entry.Kind, entry.PartnerId!.Value, entry.PurchaseAmount!.Value, entry.PurchaseCurrency, entry.Source));
        Assert.NotNull(await Db.WithContextAsync(db => db.Clients.Where(x => x.Id == buyer).Select(x => x.LastVisitAt).SingleAsync()));
    }

    [Fact]
    public async Task Referral_shares_pay_8_4_2_percent_to_three_levels_once_however_often_they_are_paid()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var (a, b, c, buyer) = await ChainAsync();
        var before = (a: await Db.BalanceAsync(a), b: await Db.BalanceAsync(b), c: await Db.BalanceAsync(c));
        var key = Key();
        var accrual = await Ledger.AccrueAsync(new AccrualRequest(buyer, partner, 2_019.99m, "USD", key, "update:1"));

        var first = await Ledger.PayReferralSharesAsync(accrual.EntryId!.Value);
        // A redelivered event, twice at once.
        var again = await Task.WhenAll(Task.Run(() => Ledger.PayReferralSharesAsync(accrual.EntryId.Value)),
            Task.Run(() => Ledger.PayReferralSharesAsync(accrual.EntryId.Value)));

        Assert.Equal((LedgerStatus.Applied, c, 8L), (first.Status, first.ClientId, first.Points));
        Assert.All(again, r => Assert.Equal((LedgerStatus.Replayed, first.EntryId), (r.Status, r.EntryId)));
        Assert.Equal((before.a + 2, before.b + 4, before.c + 8), (await Db.BalanceAsync(a), await Db.BalanceAsync(b), await Db.BalanceAsync(c)));
        var shares = await Db.WithContextAsync(db => db.LedgerEntries.Where(e => e.IdempotencyKey.StartsWith(key + "/"))
            .OrderBy(e => e.IdempotencyKey).Select(e => new { e.IdempotencyKey, e.Kind, e.ClientId, e.Amount, e.RelatedClientId, e.PartnerId }).ToListAsync());
        Assert.Equal(
        [
            new { IdempotencyKey = key + "/l1", Kind = LedgerEntryKind.ReferralRewardL1, ClientId = c, Amount = 8L, RelatedClientId = (long?)buyer, PartnerId = (long?)partner },
            new { IdempotencyKey = key + "/l2", Kind = LedgerEntryKind.ReferralRewardL2, ClientId = b, Amount = 4L, RelatedClientId = (long?)buyer, PartnerId = (long?)partner },
            new { IdempotencyKey = key + "/l3", Kind = LedgerEntryKind.ReferralRewardL3, ClientId = a, Amount = 2L, RelatedClientId = (long?)buyer, PartnerId = (long?)partner },
        ], shares);
        await LedgerInvariants.AssertHoldAsync(Db.Primary);
    }

    [Fact]
    public async Task Referral_shares_of_a_promotion_payment_come_from_its_cashback_and_a_redemption_earns_none()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var referrer = await Db.RegisterAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId(), referrer: referrer);
        await Ledger.AdjustAsync(new AdjustmentRequest(client, 1_000, Key()));
        var promotion = await AddPromotionAsync(partner, price: 1_000m, maxPointsPayment: 500);
        var referrerBefore = await Db.BalanceAsync(referrer);

        var paid = await Ledger.PayPromotionAsync(new PromotionPaymentRequest(client, promotion, 500, Key()));
        var redeemed = await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 10, Key()));
        var shares = await Ledger.PayReferralSharesAsync(paid.EntryId!.Value);

        // 500 paid in cash earns floor(500 × 5 %) = 25 cashback points, of which level 1 gets floor(25 × 8 %) = 2.
        Assert.Equal((LedgerStatus.Applied, referrer, 2L), (shares.Status, shares.ClientId, shares.Points));
        Assert.Equal(LedgerStatus.EntryNotFound, (await Ledger.PayReferralSharesAsync(redeemed.EntryId!.Value)).Status);
        Assert.Equal(referrerBefore + 2, await Db.BalanceAsync(referrer));
    }

    [Fact]
    public async Task Referral_shares_that_round_to_nothing_or_have_no_upline_pay_nothing()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var referrer = await Db.RegisterAsync(fixture.NextId());
        var referee = await Db.RegisterAsync(fixture.NextId(), referrer: referrer);
        var loner = await Db.RegisterAsync(fixture.NextId());
        var referrerBefore = await Db.BalanceAsync(referrer);
        // 12 points: 8 % of 12 is 0.96, floored to 0.
        var small = await Ledger.AccrueAsync(new AccrualRequest(referee, partner, 240m, "USD", Key()));
        var alone = await Ledger.AccrueAsync(new AccrualRequest(loner, partner, 2_000m, "USD", Key()));

        var smallShares = await Ledger.PayReferralSharesAsync(small.EntryId!.Value);
        var aloneShares = await Ledger.PayReferralSharesAsync(alone.EntryId!.Value);

        Assert.Equal(12, small.Points);
        Assert.Equal((LedgerStatus.Applied, (long?)null), (smallShares.Status, smallShares.EntryId));
        Assert.Equal((LedgerStatus.Applied, (long?)null), (aloneShares.Status, aloneShares.EntryId));
        Assert.Equal(LedgerStatus.EntryNotFound, (await Ledger.PayReferralSharesAsync(long.MaxValue)).Status);
        Assert.Equal(referrerBefore, await Db.BalanceAsync(referrer));
    }

    /// <summary>a ← b ← c ← buyer: c is the buyer's level 1, b level 2, a level 3.</summary>
    private async Task<(long A, long B, long C, long Buyer)> ChainAsync()
    {
        var a = await Db.RegisterAsync(fixture.NextId());
        var b = await Db.RegisterAsync(fixture.NextId(), referrer: a);
        var c = await Db.RegisterAsync(fixture.NextId(), referrer: b);
        return (a, b, c, await Db.RegisterAsync(fixture.NextId(), referrer: c));
    }

    private async Task<long> AddPromotionAsync(long partner, decimal price, long maxPointsPayment)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var promotion = new Promotion
        {
            PartnerId = partner, Title = "Spa day", Type = PromotionType.PointsRedemption, Price = price, MaxPointsPayment = maxPointsPayment,
            StartsOn = today.AddDays(-1), EndsOn = today.AddDays(7), ApprovalStatus = ModerationStatus.Approved, CreatedAt = DateTime.UtcNow,
        };
        await Db.WithContextAsync(db => { db.Promotions.Add(promotion); return db.SaveChangesAsync(); });
        return promotion.Id;
    }

    [Fact]
    public async Task Accrual_is_capped_at_500_points_per_transaction_and_uses_the_partners_rate()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId(), cashbackPercent: 10m);
        var client = await Db.RegisterAsync(fixture.NextId());
        Assert.Equal(500, (await Ledger.AccrueAsync(new AccrualRequest(client, partner, 20_000m, "USD", Key()))).Points);
        Assert.Equal(33, (await Ledger.AccrueAsync(new AccrualRequest(client, partner, 339m, "USD", Key()))).Points);
    }

    [Fact]
    public async Task Accrual_in_another_currency_converts_with_the_rates_table()
    {
        await Db.WithContextAsync(db =>
        {
            db.ExchangeRates.Add(new ExchangeRate { Currency = "VND", RateToBase = 0.00004m, UpdatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());

        Assert.Equal(2, (await Ledger.AccrueAsync(new AccrualRequest(client, partner, 1_000_000m, "VND", Key()))).Points);
        Assert.Equal(LedgerStatus.UnknownCurrency, (await Ledger.AccrueAsync(new AccrualRequest(client, partner, 100m, "XXX", Key()))).Status);
    }

    [Fact]
    public async Task Amounts_over_a_million_and_unknown_partners_are_refused()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        Assert.Equal(LedgerStatus.AmountRejected, (await Ledger.AccrueAsync(new AccrualRequest(client, partner, 1_000_000.01m, "USD", Key()))).Status);
        Assert.Equal(LedgerStatus.AmountRejected, (await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 0, Key()))).Status);
        Assert.Equal(LedgerStatus.PartnerNotFound, (await Ledger.AccrueAsync(new AccrualRequest(client, 42, 10m, "USD", Key()))).Status);
        Assert.Equal(100, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Redemption_never_exceeds_the_balance()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());

        var tooMuch = await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 101, Key()));
        var exact = await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 100, Key()));

        Assert.Equal(LedgerStatus.InsufficientBalance, tooMuch.Status);
        Assert.Equal(100, tooMuch.BalanceAfter);
        Assert.Equal((LedgerStatus.Applied, -100L, 0L), (exact.Status, exact.Points, exact.BalanceAfter!.Value));
        Assert.Equal(LedgerStatus.ClientNotFound, (await Ledger.RedeemAsync(new RedemptionRequest(987_654_321, partner, 1, Key()))).Status);
    }

    [Fact]
    public async Task Spending_is_limited_to_2000_points_per_day()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        await Ledger.AdjustAsync(new AdjustmentRequest(client, 5_000, Key(), "admin"));

        Assert.Equal(LedgerStatus.Applied, (await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 1_500, Key()))).Status);
        Assert.Equal(LedgerStatus.DailyLimitExceeded, (await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 501, Key()))).Status);
        Assert.Equal(LedgerStatus.Applied, (await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 500, Key()))).Status);
        Assert.Equal(LedgerStatus.DailyLimitExceeded, (await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 1, Key()))).Status);
        Assert.Equal(3_100, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Promotion_payment_caps_the_points_and_accrues_cashback_on_the_cash_part_only()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var promotion = new Promotion
        {
            PartnerId = partner, Title = "Massage", Type = PromotionType.PointsRedemption, Price = 100m, MaxPointsPayment = 30,
            StartsOn = today.AddDays(-1), EndsOn = today.AddDays(7), ApprovalStatus = ModerationStatus.Approved, CreatedAt = DateTime.UtcNow,
        };
        await Db.WithContextAsync(db => { db.Promotions.Add(promotion); return db.SaveChangesAsync(); });

        Assert.Equal(LedgerStatus.PointsCapExceeded, (await Ledger.PayPromotionAsync(new PromotionPaymentRequest(client, promotion.Id, 31, Key()))).Status);
        var paid = await Ledger.PayPromotionAsync(new PromotionPaymentRequest(client, promotion.Id, 30, Key()));

        Assert.Equal((LedgerStatus.Applied, -30L, 70L), (paid.Status, paid.Points, paid.BalanceAfter!.Value));
        // 70 paid in cash earns floor(70 × 5 %) = 3 points.
        Assert.Equal(73, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Referral_achievements_are_paid_once_at_5_referrals()
    {
        var referrer = await Db.RegisterAsync(fixture.NextId());
        for (var i = 0; i < 6; i++)
        {
            await Db.RegisterAsync(fixture.NextId(), referrer);
        }
        var achievements = await Db.WithContextAsync(db =>
            db.LedgerEntries.Where(e => e.ClientId == referrer && e.Kind == LedgerEntryKind.Achievement).Select(e => e.Amount).ToListAsync());
        Assert.Equal([200L], achievements);
        Assert.Equal(100 + 6 * 100 + 200, await Db.BalanceAsync(referrer));
    }

    [Fact]
    public async Task A_reversal_undoes_an_entry_once_and_keeps_the_original()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        var accrual = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 1_000m, "USD", Key()));

        var reversal = await Ledger.ReverseAsync(new ReversalRequest(accrual.EntryId!.Value, Key(), "admin:mistake"));
        var twice = await Ledger.ReverseAsync(new ReversalRequest(accrual.EntryId!.Value, Key()));

        Assert.Equal((LedgerStatus.Applied, -50L, 100L), (reversal.Status, reversal.Points, reversal.BalanceAfter!.Value));
        Assert.Equal(LedgerStatus.AlreadyReversed, twice.Status);
        Assert.True(await Db.WithContextAsync(db => db.LedgerEntries.AnyAsync(e => e.Id == accrual.EntryId)));
        Assert.Equal(100, (await Db.WithContextAsync(db => ClientBalance.ReadAsync(db, client)))!.LifetimeEarned);
    }

    [Fact]
    public async Task Tiers_follow_lifetime_earnings_so_spending_does_not_demote()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        await Ledger.AccrueAsync(new AccrualRequest(client, partner, 10_000m, "USD", Key()));   // +500 → 600 earned
        await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 550, Key()));

        var balance = await Db.WithContextAsync(db => ClientBalance.ReadAsync(db, client));
        Assert.Equal(new ClientBalance(client, 50, 600, Tier.Silver), balance);
    }

    [Fact]
    public async Task The_same_key_with_the_same_payload_returns_the_original_result_without_a_second_effect()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        var key = Key();

        var first = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 400m, "USD", key));
        var second = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 400.00m, "usd", key));
        var spend = await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 120, Key()));
        var third = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 400m, "USD", key));

        Assert.Equal(LedgerStatus.Applied, first.Status);
        Assert.Equal(first with { Status = LedgerStatus.Replayed }, second);
        Assert.Equal(first with { Status = LedgerStatus.Replayed }, third);
        Assert.Equal(LedgerStatus.Applied, spend.Status);
        Assert.Equal(100 + 20 - 120, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task The_same_key_with_a_different_payload_is_a_conflict()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());
        var key = Key();

        await Ledger.AccrueAsync(new AccrualRequest(client, partner, 400m, "USD", key));
        var otherAmount = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 500m, "USD", key));
        var otherKind = await Ledger.RedeemAsync(new RedemptionRequest(client, partner, 10, key));

        Assert.Equal(LedgerStatus.Conflict, otherAmount.Status);
        Assert.Equal(LedgerStatus.Conflict, otherKind.Status);
        Assert.Equal(120, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Rows_written_by_alsoWrite_commit_and_roll_back_with_the_balance_change()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var client = await Db.RegisterAsync(fixture.NextId());

        var applied = await Ledger.AccrueAsync(new AccrualRequest(client, partner, 200m, "USD", Key()), WriteMessage);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Ledger.AccrueAsync(new AccrualRequest(client, partner, 200m, "USD", Key()), (_, _) => throw new InvalidOperationException("outbox down")));

        Assert.Equal(110, await Db.BalanceAsync(client));
        Assert.Equal([$"accrued {applied.EntryId}"], await Db.WithContextAsync(db =>
            db.ClientMessages.Where(m => m.ClientId == client).Select(m => m.Text).ToListAsync()));

        async ValueTask WriteMessage(LedgerCommitContext context, CancellationToken ct)
        {
            await using var insert = new Npgsql.NpgsqlCommand("""
                INSERT INTO client_messages (client_id, partner_id, sender, kind, text, is_read, created_at)
                VALUES ($1, $2, 'Partner', 'Text', $3, false, now())
                """, context.Connection, context.Transaction);
            insert.Parameters.Add(new() { Value = client });
            insert.Parameters.Add(new() { Value = partner });
            insert.Parameters.Add(new() { Value = $"accrued {context.Result.EntryId}" });
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    [Fact]
    public async Task Ledger_entries_can_be_neither_changed_nor_deleted_nor_lose_their_client()
    {
        var client = await Db.RegisterAsync(fixture.NextId());
        foreach (var (sql, refusal) in new[]
                 {
                     ($"UPDATE ledger_entries SET amount = 1000 WHERE client_id = {client}", Npgsql.PostgresErrorCodes.RestrictViolation),
                     ($"DELETE FROM ledger_entries WHERE client_id = {client}", Npgsql.PostgresErrorCodes.RestrictViolation),
                     ($"DELETE FROM clients WHERE id = {client}", Npgsql.PostgresErrorCodes.ForeignKeyViolation),
                 })
        {
            await using var command = Db.Primary.CreateCommand(sql);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(refusal, refused.SqlState);
        }
        Assert.Equal(100, await Db.BalanceAsync(client));
    }

    [Fact]
    public async Task Concurrent_registrations_under_one_referrer_pay_each_achievement_once()
    {
        var referrer = await Db.RegisterAsync(fixture.NextId());
        var referees = Enumerable.Range(0, 12).Select(_ => fixture.NextId()).ToList();

        var results = await Task.WhenAll(referees.Select(id => Task.Run(() =>
            Ledger.RegisterClientAsync(new ClientRegistration(id, "Friend", ReferrerClientId: referrer)))));

        Assert.All(results, r => Assert.Equal(LedgerStatus.Applied, r.Status));
        var achievements = await Db.WithContextAsync(db => db.LedgerEntries
            .Where(e => e.ClientId == referrer && e.Kind == LedgerEntryKind.Achievement).OrderBy(e => e.Amount).Select(e => e.Amount).ToListAsync());
        Assert.Equal([200L, 500L], achievements);
        Assert.Equal(100 + 12 * 100 + 200 + 500, await Db.BalanceAsync(referrer));
    }

    [Fact]
    public async Task The_ledger_invariants_hold_after_all_of_the_above() =>
        await LedgerInvariants.AssertHoldAsync(Db.Primary);
}
