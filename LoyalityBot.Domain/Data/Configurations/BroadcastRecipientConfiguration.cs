using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class BroadcastRecipientConfiguration : IEntityTypeConfiguration<BroadcastRecipient>
{
    public void Configure(EntityTypeBuilder<BroadcastRecipient> recipient)
    {
        // One row per broadcast and chat: materializing twice cannot add anyone twice.
        recipient.HasKey(r => new { r.BroadcastId, r.ChatId });
        recipient.Property(r => r.Error).HasMaxLength(256);
        // The sender's hot query: the next page of recipients not yet done, in chat order.
        recipient.HasIndex(r => new { r.BroadcastId, r.ChatId })
            .HasDatabaseName("ix_broadcast_recipients_unfinished")
            .HasFilter("status IN ('Pending', 'Sending')");
        recipient.HasOne<BroadcastCampaign>().WithMany().HasForeignKey(r => r.BroadcastId).OnDelete(DeleteBehavior.Cascade);
    }
}
