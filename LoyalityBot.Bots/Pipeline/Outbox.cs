using LoyalityBot.Domain.Data;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace LoyalityBot.Bots.Pipeline;

/// <summary>Saves EF Core changes and their integration events in one transaction, so neither exists without the other.</summary>
internal static class Outbox
{
    public static async Task SaveWithEventsAsync(this LoyaltyDbContext db, CancellationToken cancellationToken, params IntegrationEvent[] events)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await OutboxWriter.WriteAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
