using System.Security.Cryptography;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;

namespace LoyalityBot.Domain.Ledger;

/// <summary>A new client's rows and the points their arrival pays, inside one ledger transaction.</summary>
internal static class ClientEnrollment
{
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static async Task<LedgerResult> EnrollAsync(
        LedgerTransaction ledger, ClientRegistration registration, string key, byte[] hash, CancellationToken ct)
    {
        var source = registration.ReferrerClientId is not null ? RegistrationSource.Referral
            : registration.ViaPartnerId is not null ? RegistrationSource.Partner
            : registration.AmbassadorCode is not null ? RegistrationSource.Ambassador
            : RegistrationSource.Direct;

        // ON CONFLICT DO NOTHING: an existing client is a replay, decided from the welcome entry. An unknown referrer
        // leaves referred_by empty here and is refused below, once no upline links were made.
        await using (var insert = ledger.CreateCommand("""
            WITH client AS (
                INSERT INTO clients (id, phone, name, city_id, language, registration_source, registered_via_partner_id,
                    referred_by_client_id, ambassador_code, referral_code, status, registered_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM clients WHERE id = $8), $9, $10, 'Active', $11)
                ON CONFLICT (id) DO NOTHING
                RETURNING id)
            INSERT INTO point_accounts (client_id, balance, lifetime_earned, spent_that_day, updated_at)
            SELECT id, 0, 0, 0, $11 FROM client
            """,
            LedgerTransaction.Parameter(registration.ClientId),
            LedgerTransaction.Parameter(registration.Phone, NpgsqlTypes.NpgsqlDbType.Varchar),
            LedgerTransaction.Parameter(registration.Name),
            LedgerTransaction.Parameter(registration.CityId, NpgsqlTypes.NpgsqlDbType.Integer),
            LedgerTransaction.Parameter(registration.Language),
            LedgerTransaction.Parameter(source.ToString()),
            LedgerTransaction.Parameter(registration.ViaPartnerId, NpgsqlTypes.NpgsqlDbType.Bigint),
            LedgerTransaction.Parameter(registration.ReferrerClientId, NpgsqlTypes.NpgsqlDbType.Bigint),
            LedgerTransaction.Parameter(registration.AmbassadorCode, NpgsqlTypes.NpgsqlDbType.Varchar),
            LedgerTransaction.Parameter(NewReferralCode()),
            LedgerTransaction.Parameter(ledger.Now)))
        {
            if (await insert.ExecuteNonQueryAsync(ct) == 0)
            {
                return LedgerResult.Of(LedgerStatus.AlreadyRegistered);
            }
        }

        var uplines = registration.ReferrerClientId is { } referrer
            ? await LinkUplinesAsync(ledger, registration.ClientId, referrer, ct)
            : [];
        if (registration.ReferrerClientId is not null && uplines.Count == 0)
        {
            return LedgerResult.Of(LedgerStatus.ClientNotFound);
        }

        var postings = new List<Posting>();
        if (ledger.Options.WelcomeBonus > 0)
        {
            postings.Add(new Posting(registration.ClientId, LedgerEntryKind.WelcomeBonus, ledger.Options.WelcomeBonus, key)
            {
                EarnedDelta = ledger.Options.WelcomeBonus,
                RequestHash = hash,
                PartnerId = registration.ViaPartnerId,
                Source = registration.Source,
            });
        }
        foreach (var (uplineId, level) in uplines)
        {
            var reward = ReferralRewards.Registration(level, ledger.Options);
            if (reward > 0)
            {
                postings.Add(new Posting(uplineId, LedgerService.ReferralKind(level), reward, $"{key}/l{level}")
                {
                    EarnedDelta = reward,
                    RelatedClientId = registration.ClientId,
                    Source = registration.Source,
                });
            }
        }
        var posted = postings.Count > 0 ? await ledger.PostAsync(postings, null, ct) : [];
        if (registration.ReferrerClientId is { } directReferrer)
        {
            await PayAchievementsAsync(ledger, directReferrer, registration.Source, ct);
        }
        var welcome = posted.FirstOrDefault(p => p.ClientId == registration.ClientId);
        return new LedgerResult(LedgerStatus.Applied, posted.Count > 0 ? welcome.EntryId : null, registration.ClientId,
            welcome.Amount, welcome.BalanceAfter);
    }

    /// <summary>Links the new client to the referrer (level 1) and the referrer's own uplines (levels 2 and 3).</summary>
    private static async Task<List<(long UplineId, int Level)>> LinkUplinesAsync(
        LedgerTransaction ledger, long clientId, long referrerId, CancellationToken ct)
    {
        await using var command = ledger.CreateCommand("""
            INSERT INTO referral_links (referrer_id, referee_id, level, created_at)
            SELECT $2, $1, 1, $3 WHERE EXISTS (SELECT 1 FROM clients WHERE id = $2)
            UNION ALL
            SELECT referrer_id, $1, level + 1, $3 FROM referral_links WHERE referee_id = $2 AND level < 3
            RETURNING referrer_id, level
            """,
            LedgerTransaction.Parameter(clientId),
            LedgerTransaction.Parameter(referrerId),
            LedgerTransaction.Parameter(ledger.Now));
        var uplines = new List<(long, int)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            uplines.Add((reader.GetInt64(0), reader.GetInt16(1)));
        }
        uplines.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return uplines;
    }

    /// <summary>
    /// Pays the referral achievements the referrer has reached and not been paid. The referrer's account row is
    /// locked first, so concurrent registrations under one referrer count one after another; the entries' unique
    /// keys (<c>achievement:{referrer}:{count}</c>) guarantee each is paid once regardless.
    /// </summary>
    private static async Task PayAchievementsAsync(LedgerTransaction ledger, long referrerId, string? source, CancellationToken ct)
    {
        await using (var lockAccount = ledger.CreateCommand(
            "SELECT 1 FROM point_accounts WHERE client_id = $1 FOR UPDATE", LedgerTransaction.Parameter(referrerId)))
        {
            await lockAccount.ExecuteNonQueryAsync(ct);
        }
        // A new statement, so a new snapshot: it sees every registration that held the lock before us.
        await using var command = ledger.CreateCommand("""
            SELECT (SELECT count(*) FROM referral_links WHERE referrer_id = $1 AND level = 1),
                   ARRAY(SELECT idempotency_key FROM ledger_entries WHERE client_id = $1 AND kind = 'Achievement')
            """,
            LedgerTransaction.Parameter(referrerId));
        int directReferrals;
        string[] paidKeys;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                return;
            }
            directReferrals = (int)reader.GetInt64(0);
            paidKeys = reader.GetFieldValue<string[]>(1);
        }
        var paid = paidKeys.Select(k => int.Parse(k[(k.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        var due = ReferralRewards.AchievementsDue(directReferrals, paid, ledger.Options);
        if (due.Count == 0)
        {
            return;
        }
        await ledger.PostAsync(due.Select(a => new Posting(referrerId, LedgerEntryKind.Achievement, a.Points, $"achievement:{referrerId}:{a.Threshold}")
        {
            EarnedDelta = a.Points,
            Source = source,
        }).ToList(), null, ct);
    }

    private static string NewReferralCode() => RandomNumberGenerator.GetString(CodeAlphabet, 10);
}
