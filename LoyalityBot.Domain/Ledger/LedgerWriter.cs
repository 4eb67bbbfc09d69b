using LoyalityBot.Domain.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Domain.Ledger;

/// <summary>
/// Runs one ledger operation as one transaction on the primary, and turns what the database said into a result:
/// a duplicate idempotency key into the original result (or a conflict), an uncovered debit into a refusal,
/// and a deadlock or serialization failure into a retry of the whole operation.
/// </summary>
internal sealed partial class LedgerWriter(
    NpgsqlDataSource dataSource, IOptions<LedgerOptions> options, TimeProvider clock, ILogger<LedgerWriter> logger)
{
    private const int MaxAttempts = 5;
    private const string IdempotencyIndex = "ix_ledger_entries_idempotency_key";
    private const string ReversalIndex = "ux_ledger_entries_reversal";

    public LedgerOptions Options => options.Value;

    public async Task<LedgerResult> RunAsync(
        string idempotencyKey,
        byte[] requestHash,
        Func<LedgerTransaction, CancellationToken, Task<LedgerResult>> operation,
        LedgerCallback? alsoWrite,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var ledger = new LedgerTransaction(connection, transaction, clock.GetUtcNow().UtcDateTime, options.Value);
                var result = await operation(ledger, cancellationToken);
                if (result.Status != LedgerStatus.Applied)
                {
                    // A retry of an applied request may be refused now (the client exists, the balance moved on): it is still a replay.
                    await transaction.RollbackAsync(cancellationToken);
                    return await FindAsync(connection, idempotencyKey, requestHash, cancellationToken) ?? result;
                }
                if (alsoWrite is not null)
                {
                    await alsoWrite(new LedgerCommitContext(connection, transaction, result), cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostingDeclinedException declined)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await FindAsync(connection, idempotencyKey, requestHash, cancellationToken)
                    ?? await ExplainAsync(connection, declined.Posting, cancellationToken);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: IdempotencyIndex })
            {
                await transaction.RollbackAsync(cancellationToken);
                return await FindAsync(connection, idempotencyKey, requestHash, cancellationToken)
                    ?? throw new InvalidOperationException($"Idempotency key {idempotencyKey} is taken but its entry is not visible.", e);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: ReversalIndex })
            {
                await transaction.RollbackAsync(cancellationToken);
                return LedgerResult.Of(LedgerStatus.AlreadyReversed);
            }
            catch (PostgresException e) when (attempt < MaxAttempts && (e.IsTransient
                || e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure))
            {
                LogRetry(logger, idempotencyKey, e.SqlState, attempt);
            }
        }
    }

    /// <summary>A read on the primary outside any operation (what an operation needs to know before it starts).</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    /// <summary>The earlier result for this key: a replay if the payload matches, else a conflict; null if the key is new.</summary>
    private static async Task<LedgerResult?> FindAsync(NpgsqlConnection connection, string key, byte[] requestHash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT id, client_id, amount, balance_after, request_hash FROM ledger_entries WHERE idempotency_key = $1", connection);
        command.Parameters.Add(LedgerTransaction.Parameter(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var storedHash = reader.IsDBNull(4) ? null : (byte[])reader[4];
        return storedHash is not null && storedHash.AsSpan().SequenceEqual(requestHash)
            ? new LedgerResult(LedgerStatus.Replayed, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3))
            : LedgerResult.Of(LedgerStatus.Conflict);
    }

    /// <summary>Why a debit was declined, read after the rollback (only to word the refusal, never to decide a write).</summary>
    private async Task<LedgerResult> ExplainAsync(NpgsqlConnection connection, Posting posting, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT balance, spent_on, spent_that_day FROM point_accounts WHERE client_id = $1", connection);
        command.Parameters.Add(LedgerTransaction.Parameter(posting.ClientId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return LedgerResult.Of(LedgerStatus.ClientNotFound);
        }
        var balance = reader.GetInt64(0);
        // Decide by the daily counter, not the balance: the counter only grows within a day, so if the spend fits it
        // now it fitted when declined and the balance was short (which concurrent accruals may since have topped up).
        var spentToday = OperationLimits.SpentToday(
            reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1), reader.GetInt64(2), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var status = posting.CountsTowardDailySpend && !OperationLimits.FitsDailySpend(spentToday, -posting.Amount, options.Value)
            ? LedgerStatus.DailyLimitExceeded
            : LedgerStatus.InsufficientBalance;
        return new LedgerResult(status, ClientId: posting.ClientId, BalanceAfter: balance);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger operation {Key} hit {SqlState}; retrying (attempt {Attempt})")]
    private static partial void LogRetry(ILogger logger, string key, string sqlState, int attempt);
}
