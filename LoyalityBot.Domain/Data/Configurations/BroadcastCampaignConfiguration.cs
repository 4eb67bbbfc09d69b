using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class BroadcastCampaignConfiguration : IEntityTypeConfiguration<BroadcastCampaign>
{
    public void Configure(EntityTypeBuilder<BroadcastCampaign> campaign)
    {
        campaign.Property(c => c.Text).HasMaxLength(4096);
        // Once per partner and UTC day, enforced by the database.
        campaign.HasIndex(c => new { c.PartnerId, c.SentOn }).IsUnique();
        campaign.ToTable(t => t.HasCheckConstraint("ck_broadcast_campaigns_recipients", "recipient_count BETWEEN 0 AND 500"));
        campaign.HasOne<Partner>().WithMany().HasForeignKey(c => c.PartnerId);
    }
}
