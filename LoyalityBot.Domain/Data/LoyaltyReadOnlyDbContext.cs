using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Data;

/// <summary>
/// The same model over the read replicas (<c>loyalty-readonly</c>): no tracking, and no writes.
/// Use it for lists, catalogs and analytics, where a replica's few milliseconds of lag do not matter.
/// </summary>
public sealed class LoyaltyReadOnlyDbContext(DbContextOptions<LoyaltyReadOnlyDbContext> options) : LoyaltyDbContext(options)
{
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new InvalidOperationException("The read-only context reads from replicas; write through LoyaltyDbContext.");

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The read-only context reads from replicas; write through LoyaltyDbContext.");
}
