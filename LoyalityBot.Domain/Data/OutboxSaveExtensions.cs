using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LoyalityBot.Domain.Data;

/// <summary>Saves EF Core changes and their integration events in ONE transaction, so neither exists without the other.</summary>
public static class OutboxSaveExtensions
{
    /// <summary>
    /// Inside the caller's transaction when one is open (the caller commits it, e.g. after a conditional update that
    /// must be part of the same unit); otherwise in a transaction of its own.
    /// </summary>
    public static async Task SaveWithEventsAsync(this LoyaltyDbContext db, Func<IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken)
    {
        await using var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var transaction = owned ?? db.Database.CurrentTransaction!;
        await db.SaveChangesAsync(cancellationToken);
        // Built after the save, so the events can carry the ids the database just generated.
        await OutboxWriter.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), events(), cancellationToken);
        if (owned is not null)
        {
            await owned.CommitAsync(cancellationToken);
        }
    }

    public static Task SaveWithEventsAsync(this LoyaltyDbContext db, CancellationToken cancellationToken, params IntegrationEvent[] events) =>
        db.SaveWithEventsAsync(() => events, cancellationToken);
}
