using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Rules;
using Npgsql;

namespace LoyalityBot.Domain.Ledger;

/// <summary>
/// The uplines' shares (L1–L3) of points a client earned, paid after the earning committed. Each share carries the
/// key <c>{earning key}/l{level}</c>, so paying the same earning again fails on the unique key and is a replay.
/// </summary>
internal static class ReferralShares
{
    /// <summary>The earning an entry stands for, with the earner's uplines (level 1 first).</summary>
    internal sealed record Earning(long EntryId, long ClientId, long Points, long? PartnerId, string IdempotencyKey, string? Source, long[] Uplines);

    /// <summary>
    /// The accrual <paramref name="entryId"/>, or the cashback accrual of the promotion payment <paramref name="entryId"/>
    /// (a promotion's cash remainder earns points too); null for anything else (a plain redemption earns nothing).
    /// </summary>
    public static async Task<Earning?> FindEarningAsync(NpgsqlConnection connection, long entryId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            SELECT e.id, e.client_id, e.amount, e.partner_id, e.idempotency_key, e.source,
                   ARRAY(SELECT l.referrer_id FROM referral_links l WHERE l.referee_id = e.client_id ORDER BY l.level)
            FROM ledger_entries e
            WHERE e.kind = 'Accrual'
              AND (e.id = $1 OR e.idempotency_key =
                   (SELECT p.idempotency_key || '/cashback' FROM ledger_entries p WHERE p.id = $1 AND p.kind = 'PromotionPayment'))
            """, connection);
        command.Parameters.Add(LedgerTransaction.Parameter(entryId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new Earning(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
            reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<long[]>(6));
    }

    /// <summary>The postings that pay each upline floor(points × level %); shares that round to 0 are left out.</summary>
    public static List<Posting> Postings(Earning earning, byte[] requestHash, LedgerOptions options)
    {
        var postings = new List<Posting>(earning.Uplines.Length);
        for (var level = 1; level <= Math.Min(earning.Uplines.Length, ReferralRewards.MaxLevel); level++)
        {
            var share = ReferralRewards.AccrualShare(level, earning.Points, options);
            if (share > 0)
            {
                postings.Add(new Posting(earning.Uplines[level - 1], LedgerService.ReferralKind(level), share, $"{earning.IdempotencyKey}/l{level}")
                {
                    EarnedDelta = share,
                    RequestHash = requestHash,
                    RelatedClientId = earning.ClientId,
                    PartnerId = earning.PartnerId,
                    Source = earning.Source,
                });
            }
        }
        return postings;
    }
}
