using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.Property(e => e.PurchaseAmount).HasPrecision(14, 2);
        entry.Property(e => e.PurchaseCurrency).HasMaxLength(3).IsFixedLength();
        entry.Property(e => e.IdempotencyKey).HasMaxLength(200);
        entry.Property(e => e.Source).HasMaxLength(200);

        entry.HasIndex(e => e.IdempotencyKey).IsUnique();
        // A client's history and a partner's transactions, newest first.
        entry.HasIndex(e => new { e.ClientId, e.Id });
        entry.HasIndex(e => new { e.PartnerId, e.Id }).HasFilter("partner_id IS NOT NULL");
        // A partner's analytics: a period's entries, and the earlier accruals that make a visitor returning, both
        // index-only. Built concurrently: the ledger takes writes while a deployment migrates.
        entry.HasIndex(e => new { e.PartnerId, e.CreatedAt }).HasFilter("partner_id IS NOT NULL")
            .IncludeProperties(e => new { e.ClientId, e.Kind, e.Amount, e.PurchaseAmount }).IsCreatedConcurrently();
        // Only promotion payments carry a promotion: a partial index keeps the hot insert path cheap.
        entry.HasIndex(e => e.PromotionId).HasFilter("promotion_id IS NOT NULL");
        // The database itself pays the welcome bonus once per client and reverses an entry at most once.
        entry.HasIndex(e => e.ClientId).IsUnique().HasFilter("kind = 'WelcomeBonus'")
            .HasDatabaseName("ux_ledger_entries_welcome_bonus");
        entry.HasIndex(e => e.RelatedEntryId).IsUnique().HasFilter("kind = 'Reversal'")
            .HasDatabaseName("ux_ledger_entries_reversal");

        entry.ToTable(t => t.HasCheckConstraint("ck_ledger_entries_amount", "amount <> 0 AND balance_after >= 0"));
        // Deleting a client, partner or promotion must never take ledger entries with it.
        entry.HasOne<Client>().WithMany().HasForeignKey(e => e.ClientId).OnDelete(DeleteBehavior.Restrict);
        entry.HasOne<Partner>().WithMany().HasForeignKey(e => e.PartnerId).OnDelete(DeleteBehavior.Restrict);
        entry.HasOne<Promotion>().WithMany().HasForeignKey(e => e.PromotionId).OnDelete(DeleteBehavior.Restrict);
    }
}
