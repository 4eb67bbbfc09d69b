using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Tests.Infrastructure;

namespace LoyalityBot.Domain.Tests.Ledger;

/// <summary>A separate database with a high daily limit, so that only balances (not the limit) refuse spends.</summary>
public sealed class ConcurrencyDatabaseFixture : LedgerDatabaseFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ledger:MaxSpendPointsPerDay"] = "1000000",
    };
}

public class LedgerConcurrencyTests(ConcurrencyDatabaseFixture fixture) : IClassFixture<ConcurrencyDatabaseFixture>
{
    private LoyaltyTestDatabase Db => fixture.Database;

    [Fact]
    public async Task A_thousand_concurrent_accruals_and_redemptions_never_overdraw_and_balances_equal_their_entries()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        // A small referral chain: the uplines' shares are paid (each twice, as redelivered events) while others spend.
        var hot = await Db.RegisterAsync(fixture.NextId());
        var clients = new List<long> { hot };
        for (var i = 0; i < 20; i++)
        {
            clients.Add(await Db.RegisterAsync(fixture.NextId(), referrer: i % 2 == 0 ? clients[^1] : null));
        }
        var random = new Random(42);
        var operations = Enumerable.Range(0, 1_000).Select(i =>
        {
            var client = random.Next(2) == 0 ? hot : clients[random.Next(clients.Count)];
            var purchase = random.Next(20, 2_000);
            var spend = random.Next(1, 120);
            return random.Next(2) == 0
                ? (Func<Task<LedgerResult>>)(() => Db.Ledger.AccrueAsync(new AccrualRequest(client, partner, purchase, "USD", $"mix-{i}")))
                : () => Db.Ledger.RedeemAsync(new RedemptionRequest(client, partner, spend, $"mix-{i}"));
        }).ToList();

        var sharesPaid = 0;
        var results = await Task.WhenAll(operations.Select(async operation =>
        {
            var result = await Task.Run(operation);
            if (result is { Status: LedgerStatus.Applied, Points: > 0, EntryId: { } accrual })
            {
                var shares = await Task.WhenAll(Task.Run(() => Db.Ledger.PayReferralSharesAsync(accrual)), Task.Run(() => Db.Ledger.PayReferralSharesAsync(accrual)));
                if (shares.Any(s => s.EntryId is not null))
                {
                    // One pays, the other finds it paid.
                    Assert.Equal([LedgerStatus.Applied, LedgerStatus.Replayed], shares.Select(s => s.Status).Order());
                    Assert.Equal(shares[0].EntryId, shares[1].EntryId);
                    Interlocked.Increment(ref sharesPaid);
                }
            }
            return result;
        }));

        Assert.Equal([LedgerStatus.Applied, LedgerStatus.InsufficientBalance], results.Select(r => r.Status).Distinct().Order());
        Assert.Contains(results, r => r.Status == LedgerStatus.InsufficientBalance);
        Assert.True(results.Count(r => r.Status == LedgerStatus.Applied && r.Points < 0) > 100, "many redemptions applied");
        Assert.All(results.Where(r => r.BalanceAfter is not null), r => Assert.True(r.BalanceAfter >= 0));
        var appliedEntries = results.Count(r => r.EntryId is not null && r.Status == LedgerStatus.Applied);
        Assert.Equal(appliedEntries, await LedgerInvariants.ScalarAsync(Db.Primary,
            "SELECT count(*) FROM ledger_entries WHERE idempotency_key LIKE 'mix-%' AND idempotency_key NOT LIKE '%/%'"));
        Assert.True(sharesPaid > 50, $"only {sharesPaid} accruals paid shares");
        Assert.Equal((long)sharesPaid, await LedgerInvariants.ScalarAsync(Db.Primary,
            "SELECT count(*) FROM ledger_entries WHERE idempotency_key LIKE 'mix-%/l1'"));
        await LedgerInvariants.AssertHoldAsync(Db.Primary);
    }

    [Fact]
    public async Task Every_request_sent_twice_at_once_applies_once_and_both_get_the_same_result()
    {
        var partner = await Db.AddPartnerAsync(fixture.NextId());
        var clients = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var client = await Db.RegisterAsync(fixture.NextId());
            await Db.Ledger.AdjustAsync(new AdjustmentRequest(client, 100_000, $"fund-{client}"));
            clients.Add(client);
        }
        var balancesBefore = await Task.WhenAll(clients.Select(Db.BalanceAsync));
        var requests = Enumerable.Range(0, 300).Select(i =>
        {
            var client = clients[i % clients.Count];
            var key = $"twice-{i}";
            return i % 3 == 0
                ? (Func<Task<LedgerResult>>)(() => Db.Ledger.RedeemAsync(new RedemptionRequest(client, partner, 1 + i % 50, key)))
                : () => Db.Ledger.AccrueAsync(new AccrualRequest(client, partner, 100 + i, "USD", key));
        }).ToList();

        var pairs = await Task.WhenAll(requests.Select(async send =>
        {
            var both = await Task.WhenAll(Task.Run(send), Task.Run(send));
            return (First: both[0], Second: both[1]);
        }));

        Assert.All(pairs, pair =>
        {
            Assert.Equal([LedgerStatus.Applied, LedgerStatus.Replayed], new[] { pair.First.Status, pair.Second.Status }.Order());
            Assert.Equal(pair.First with { Status = LedgerStatus.Applied }, pair.Second with { Status = LedgerStatus.Applied });
        });
        var expectedChange = pairs.Select(p => p.First).GroupBy(r => r.ClientId).ToDictionary(g => g.Key, g => g.Sum(r => r.Points));
        var balancesAfter = await Task.WhenAll(clients.Select(Db.BalanceAsync));
        for (var i = 0; i < clients.Count; i++)
        {
            Assert.Equal(balancesBefore[i] + expectedChange[clients[i]], balancesAfter[i]);
        }
        await LedgerInvariants.AssertHoldAsync(Db.Primary);
    }
}
