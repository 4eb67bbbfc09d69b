using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ClientMessageConfiguration : IEntityTypeConfiguration<ClientMessage>
{
    public void Configure(EntityTypeBuilder<ClientMessage> message)
    {
        message.Property(m => m.Text).HasMaxLength(4096);
        message.Property(m => m.AttachmentHash).HasMaxLength(64);
        // One conversation, newest first (also the 3-per-hour limit's count).
        message.HasIndex(m => new { m.PartnerId, m.ClientId, m.Id });
        // A partner's inbox: unread messages from clients.
        message.HasIndex(m => new { m.PartnerId, m.Id }).HasFilter("NOT is_read AND sender = 'Client'")
            .HasDatabaseName("ix_client_messages_unread");
        message.HasOne<Client>().WithMany().HasForeignKey(m => m.ClientId);
        message.HasOne<Partner>().WithMany().HasForeignKey(m => m.PartnerId);
    }
}
