using LoyalityBot.Domain.Rules;
using Npgsql;
using NpgsqlTypes;

namespace LoyalityBot.Domain.Ledger;

/// <summary>An operation's open transaction on the primary, with the one statement that moves points.</summary>
internal sealed class LedgerTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTime now, LedgerOptions options)
{
    // The balance change and its entry in ONE statement: the UPDATE's WHERE is the check (never read-then-write),
    // the row lock it takes serializes concurrent operations on the account, and the INSERT only runs when
    // the UPDATE matched. A unique idempotency key makes a duplicate fail the whole statement.
    private const string PostSql = """
        WITH account AS (
            UPDATE point_accounts
            SET balance = balance + $3,
                lifetime_earned = lifetime_earned + $4,
                spent_that_day = CASE WHEN NOT $5 THEN spent_that_day WHEN spent_on = $6 THEN spent_that_day - $3 ELSE -$3 END,
                spent_on = CASE WHEN $5 THEN $6 ELSE spent_on END,
                updated_at = $7
            WHERE client_id = $1
              AND balance + $3 >= 0
              AND (NOT $5 OR (CASE WHEN spent_on = $6 THEN spent_that_day ELSE 0 END) - $3 <= $8)
            RETURNING balance)
        INSERT INTO ledger_entries (client_id, kind, amount, balance_after, partner_id, promotion_id, purchase_amount,
            purchase_currency, idempotency_key, request_hash, source, related_entry_id, related_client_id, created_at)
        SELECT $1, $2, $3, account.balance, $9, $10, $11, $12, $13, $14, $15, $16, $17, $7 FROM account
        RETURNING id, balance_after
        """;

    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction Transaction { get; } = transaction;
    public DateTime Now { get; } = now;
    public DateOnly Today { get; } = DateOnly.FromDateTime(now);
    public LedgerOptions Options { get; } = options;

    /// <summary>Applies the postings in order, in one round trip; throws <see cref="PostingDeclinedException"/> if a debit is not covered.</summary>
    public async Task<IReadOnlyList<PostedEntry>> PostAsync(IReadOnlyList<Posting> postings, long? visitingClientId, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(Connection, Transaction);
        foreach (var posting in postings)
        {
            batch.BatchCommands.Add(PostCommand(posting));
        }
        if (visitingClientId is { } visitor)
        {
            batch.BatchCommands.Add(Command("UPDATE clients SET last_visit_at = $2 WHERE id = $1",
                Parameter(visitor), Parameter(Now)));
        }

        var posted = new List<PostedEntry>(postings.Count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        foreach (var posting in postings)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new PostingDeclinedException(posting);
            }
            posted.Add(new PostedEntry(reader.GetInt64(0), posting.ClientId, posting.Amount, reader.GetInt64(1)));
            await reader.NextResultAsync(cancellationToken);
        }
        return posted;
    }

    public NpgsqlCommand CreateCommand(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, Connection, Transaction);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private NpgsqlBatchCommand PostCommand(Posting p) => Command(PostSql,
        Parameter(p.ClientId),
        Parameter(p.Kind.ToString()),
        Parameter(p.Amount),
        Parameter(p.EarnedDelta),
        Parameter(p.CountsTowardDailySpend),
        Parameter(Today),
        Parameter(Now),
        Parameter(Options.MaxSpendPointsPerDay),
        Parameter(p.PartnerId, NpgsqlDbType.Bigint),
        Parameter(p.PromotionId, NpgsqlDbType.Bigint),
        Parameter(p.PurchaseAmount, NpgsqlDbType.Numeric),
        Parameter(p.PurchaseCurrency, NpgsqlDbType.Char),
        Parameter(p.IdempotencyKey),
        Parameter(p.RequestHash, NpgsqlDbType.Bytea),
        Parameter(p.Source, NpgsqlDbType.Varchar),
        Parameter(p.RelatedEntryId, NpgsqlDbType.Bigint),
        Parameter(p.RelatedClientId, NpgsqlDbType.Bigint));

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    public static NpgsqlParameter Parameter<T>(T value) => new NpgsqlParameter<T> { TypedValue = value };

    public static NpgsqlParameter Parameter(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
