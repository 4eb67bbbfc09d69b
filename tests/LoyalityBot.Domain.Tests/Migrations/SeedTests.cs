using LoyalityBot.Domain.Rules;
using LoyalityBot.Domain.Seeding;
using LoyalityBot.Domain.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Tests.Migrations;

public class SeedTests
{
    [Fact]
    public async Task The_seed_command_migrates_fills_an_empty_database_and_refuses_a_filled_one()
    {
        await using var database = await LoyaltyTestDatabase.CreateAsync("seed", migrate: false);
        string[] seed = ["seed", "--clients", "500", "--partners", "10", "--transactions", "3000", "--connection", database.ConnectionString];

        // A running stack's workers may have stored today's exchange rates before the seed: they are kept.
        await database.WithContextAsync(async db => { await db.Database.MigrateAsync(TestContext.Current.CancellationToken); return 0; });
        Assert.Equal(1, await LedgerInvariants.ScalarAsync(database.Primary,
            "WITH rate AS (INSERT INTO exchange_rates (currency, rate_to_base, updated_at) VALUES ('RUB', 0.0111, now()) RETURNING 1) SELECT count(*) FROM rate"));

        var (exitCode, output) = await MigrationServiceProcess.RunWithOutputAsync(null, seed);
        Assert.True(exitCode == 0, output);
        Assert.Equal(0.0111m, await database.WithContextAsync(db => db.ExchangeRates.Where(r => r.Currency == "RUB").Select(r => r.RateToBase).SingleAsync()));
        // Progress, one line a stage with the elapsed time.
        Assert.Contains("[seed] applying migrations", output, StringComparison.Ordinal);
        foreach (var stage in new[] { "10 partners", "500 clients", "referral links", "ledger entries", "NPS ratings", "done" })
        {
            Assert.Matches($@"\[seed \d\d:\d\d\] [^\n]*{stage}", output);
        }
        Assert.Equal(500, await LedgerInvariants.ScalarAsync(database.Primary, "SELECT count(*) FROM clients"));
        Assert.Equal(10, await LedgerInvariants.ScalarAsync(database.Primary, "SELECT count(*) FROM partners"));
        // Realistic data: a catalog and referral chains, not only clients and transactions.
        foreach (var table in new[] { "services", "promotions", "promotion_services", "referral_links", "cities", "nps_ratings", "client_messages" })
        {
            Assert.True(await LedgerInvariants.ScalarAsync(database.Primary, $"SELECT count(*) FROM {table}") > 0, $"no {table} seeded");
        }
        Assert.True(await LedgerInvariants.ScalarAsync(database.Primary, "SELECT count(*) FROM referral_links WHERE level = 3") > 0, "no three-level referral chains");
        Assert.InRange(await LedgerInvariants.ScalarAsync(database.Primary,
            "SELECT count(*) FROM ledger_entries WHERE kind IN ('Accrual', 'Redemption')"), 2_500, 3_000);
        await LedgerInvariants.AssertHoldAsync(database.Primary);

        Assert.Equal(1, await MigrationServiceProcess.RunAsync(database.ConnectionString, "seed", "--clients", "5", "--partners", "1", "--transactions", "0"));
        Assert.Equal(2, await MigrationServiceProcess.RunAsync(null, "seed", "--clients", "5"));
    }

    [Fact]
    public async Task Seeded_ledgers_keep_every_invariant_and_lifetime_earnings_add_up()
    {
        await using var database = await LoyaltyTestDatabase.CreateAsync("seedrules");
        await new DemoDataGenerator(database.Primary, new LedgerOptions(), _ => { })
            .GenerateAsync(new SeedSize(Clients: 2_000, Partners: 20, Transactions: 20_000), TestContext.Current.CancellationToken);

        await LedgerInvariants.AssertHoldAsync(database.Primary);
        Assert.Equal(0L, await LedgerInvariants.ScalarAsync(database.Primary, """
            SELECT count(*) FROM point_accounts a
            WHERE a.lifetime_earned <> (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e
                                        WHERE e.client_id = a.client_id AND e.amount > 0)
            """));
        // The entries spread over the past year up to now, in id order, so every analytics window holds purchases:
        // the last 30 days about 30/365 of the events (registrations come first), ~9 % of the accruals.
        var accruals = await LedgerInvariants.ScalarAsync(database.Primary, "SELECT count(*) FROM ledger_entries WHERE kind = 'Accrual'");
        var recent = await LedgerInvariants.ScalarAsync(database.Primary,
            "SELECT count(*) FROM ledger_entries WHERE kind = 'Accrual' AND created_at >= now() - interval '30 days'");
        Assert.InRange(recent / (double)accruals, 0.07, 0.11);
        Assert.Equal(0L, await LedgerInvariants.ScalarAsync(database.Primary, """
            SELECT count(*) FROM ledger_entries a JOIN ledger_entries b ON b.id = a.id + 1
            WHERE b.created_at < a.created_at OR b.created_at > now()
            """));
        // Every referee's uplines were rewarded 100 / 25 / 10 at registration.
        Assert.Equal(0L, await LedgerInvariants.ScalarAsync(database.Primary, """
            SELECT count(*) FROM referral_links l
            WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.client_id = l.referrer_id AND e.related_client_id = l.referee_id
                              AND e.partner_id IS NULL AND e.amount = CASE l.level WHEN 1 THEN 100 WHEN 2 THEN 25 ELSE 10 END)
            """));
    }
}
