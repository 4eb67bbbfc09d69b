using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ReferralLinkConfiguration : IEntityTypeConfiguration<ReferralLink>
{
    public void Configure(EntityTypeBuilder<ReferralLink> link)
    {
        link.HasKey(l => new { l.ReferrerId, l.RefereeId });
        // A referrer's referrals at one level (the "my friends" list, achievement counts).
        link.HasIndex(l => new { l.ReferrerId, l.Level, l.RefereeId });
        // One upline per level: the uplines of a referee, read on every accrual.
        link.HasIndex(l => new { l.RefereeId, l.Level }).IsUnique();

        link.ToTable(t =>
        {
            t.HasCheckConstraint("ck_referral_links_level", "level BETWEEN 1 AND 3");
            t.HasCheckConstraint("ck_referral_links_no_self", "referrer_id <> referee_id");
        });
        link.HasOne<Client>().WithMany().HasForeignKey(l => l.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        link.HasOne<Client>().WithMany().HasForeignKey(l => l.RefereeId).OnDelete(DeleteBehavior.Restrict);
    }
}
