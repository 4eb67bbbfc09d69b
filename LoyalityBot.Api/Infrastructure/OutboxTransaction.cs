using LoyalityBot.Domain.Data;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LoyalityBot.Api.Infrastructure;

/// <summary>Saves the context's changes and writes integration events to the outbox in ONE transaction on the primary.</summary>
public static class OutboxTransaction
{
    public static async Task SaveWithEventsAsync(this LoyaltyDbContext db, Func<IReadOnlyList<IntegrationEvent>> events, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Built after the save, so the events can carry the ids the database just generated.
        await OutboxWriter.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), events(), ct);
        await transaction.CommitAsync(ct);
    }
}
