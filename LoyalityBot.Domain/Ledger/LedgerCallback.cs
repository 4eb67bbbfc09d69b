using Npgsql;

namespace LoyalityBot.Domain.Ledger;

/// <summary>
/// The open transaction of an operation that has just applied, for the caller to add its own rows to
/// (the messaging outbox, for one). They commit, or roll back, together with the balance change.
/// </summary>
public sealed record LedgerCommitContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction, LedgerResult Result);

/// <summary>Runs inside the ledger's transaction after the operation applied, before the commit; never for replays or refusals.</summary>
public delegate ValueTask LedgerCallback(LedgerCommitContext context, CancellationToken cancellationToken);
