using LoyalityBot.Domain.Tests.Infrastructure;
using Npgsql;

namespace LoyalityBot.Domain.Tests.Migrations;

/// <summary>
/// The schema itself refuses what the model forbids, whatever code writes the row: phones are E.164 digits and unique
/// when present, referral codes are unique, the referral tree has levels 1–3, one edge per pair, one upline per level
/// and no self-referral.
/// </summary>
public class ModelConstraintsTests(LedgerDatabaseFixture fixture) : IClassFixture<LedgerDatabaseFixture>
{
    private LoyaltyTestDatabase Db => fixture.Database;

    [Fact]
    public async Task Phones_are_e164_digits_and_unique_when_present()
    {
        var (a, b, c) = (await Db.RegisterAsync(fixture.NextId()), await Db.RegisterAsync(fixture.NextId()), await Db.RegisterAsync(fixture.NextId()));
        var phone = $"7900{a % 10_000_000:0000000}";
        await ExecuteAsync($"UPDATE clients SET phone = '{phone}' WHERE id = {a}");

        await RefusedAsync($"UPDATE clients SET phone = '{phone}' WHERE id = {b}", PostgresErrorCodes.UniqueViolation, "ix_clients_phone");
        foreach (var malformed in new[] { $"+{phone}", "8-900-123-45-67", "0123456789", "12345", "7900123456a" })
        {
            await RefusedAsync($"UPDATE clients SET phone = '{malformed}' WHERE id = {b}", PostgresErrorCodes.CheckViolation, "ck_clients_phone_digits");
        }
        // Without a phone, any number of clients.
        Assert.Equal(2, await ExecuteAsync($"UPDATE clients SET phone = NULL WHERE id IN ({b}, {c})"));
    }

    [Fact]
    public async Task Referral_codes_are_unique()
    {
        var (a, b) = (await Db.RegisterAsync(fixture.NextId()), await Db.RegisterAsync(fixture.NextId()));

        await RefusedAsync($"UPDATE clients SET referral_code = (SELECT referral_code FROM clients WHERE id = {a}) WHERE id = {b}",
            PostgresErrorCodes.UniqueViolation, "ix_clients_referral_code");
    }

    [Fact]
    public async Task The_referral_tree_has_three_levels_one_edge_per_pair_one_upline_per_level_and_no_self_referral()
    {
        var top = await Db.RegisterAsync(fixture.NextId());
        var referee = await Db.RegisterAsync(fixture.NextId(), referrer: top);
        var other = await Db.RegisterAsync(fixture.NextId());
        string Link(long referrer, long to, int level) =>
            $"INSERT INTO referral_links (referrer_id, referee_id, level, created_at) VALUES ({referrer}, {to}, {level}, now())";

        await RefusedAsync(Link(top, referee, 2), PostgresErrorCodes.UniqueViolation, "pk_referral_links");
        await RefusedAsync(Link(other, referee, 1), PostgresErrorCodes.UniqueViolation, "ix_referral_links_referee_id_level");
        await RefusedAsync(Link(other, referee, 4), PostgresErrorCodes.CheckViolation, "ck_referral_links_level");
        await RefusedAsync(Link(other, referee, 0), PostgresErrorCodes.CheckViolation, "ck_referral_links_level");
        await RefusedAsync(Link(other, other, 1), PostgresErrorCodes.CheckViolation, "ck_referral_links_no_self");
        // The legitimate second level still fits.
        Assert.Equal(1, await ExecuteAsync(Link(other, referee, 2)));
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var command = Db.Primary.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task RefusedAsync(string sql, string sqlState, string constraint)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql));
        Assert.Equal((sqlState, constraint), (error.SqlState, error.ConstraintName));
    }
}
