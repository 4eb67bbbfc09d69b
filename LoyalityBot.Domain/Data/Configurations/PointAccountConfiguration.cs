using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class PointAccountConfiguration : IEntityTypeConfiguration<PointAccount>
{
    public void Configure(EntityTypeBuilder<PointAccount> account)
    {
        account.HasKey(a => a.ClientId);
        // The ledger's conditional UPDATE already refuses to overdraw; the constraint makes it impossible.
        account.ToTable(t =>
        {
            t.HasCheckConstraint("ck_point_accounts_balance", "balance >= 0");
            t.HasCheckConstraint("ck_point_accounts_lifetime_earned", "lifetime_earned >= 0");
        });
    }
}
