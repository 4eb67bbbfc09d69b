using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ReactivationEventConfiguration : IEntityTypeConfiguration<ReactivationEvent>
{
    public void Configure(EntityTypeBuilder<ReactivationEvent> reactivation)
    {
        // The cooldown check: the last offer a partner sent a client.
        reactivation.HasIndex(r => new { r.PartnerId, r.ClientId, r.SentAt });
        reactivation.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId);
        reactivation.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId);
        reactivation.HasOne<Promotion>().WithMany().HasForeignKey(r => r.PromotionId);
    }
}
