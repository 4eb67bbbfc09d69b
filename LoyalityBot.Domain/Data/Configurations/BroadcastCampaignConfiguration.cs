using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class BroadcastCampaignConfiguration : IEntityTypeConfiguration<BroadcastCampaign>
{
    public void Configure(EntityTypeBuilder<BroadcastCampaign> campaign)
    {
        campaign.Property(c => c.Text).HasMaxLength(4096);
        campaign.Property(c => c.Category).HasMaxLength(100);
        // Once per partner and UTC day, enforced by the database (admins' rows have no partner, so no limit).
        campaign.HasIndex(c => new { c.PartnerId, c.SentOn }).IsUnique();
        campaign.ToTable(t =>
        {
            // At most 500 recipients for a partner's broadcast; an admin's reaches everyone it selects.
            t.HasCheckConstraint("ck_broadcast_campaigns_recipients", "recipient_count >= 0 AND (initiator = 'Admin' OR recipient_count <= 500)");
            // A partner's broadcast names the partner and goes to its clients; an admin's names neither.
            t.HasCheckConstraint("ck_broadcast_campaigns_initiator",
                "(initiator = 'Partner' AND partner_id IS NOT NULL AND audience IS NOT NULL AND target = 'Clients') OR (initiator = 'Admin' AND partner_id IS NULL AND audience IS NULL)");
        });
        campaign.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId);
    }
}
