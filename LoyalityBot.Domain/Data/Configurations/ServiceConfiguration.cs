using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> service)
    {
        service.Property(s => s.Title).HasMaxLength(200);
        service.Property(s => s.Description).HasMaxLength(2000);
        service.Property(s => s.Category).HasMaxLength(64);
        service.Property(s => s.ImageHash).HasMaxLength(64);

        service.HasIndex(s => new { s.PartnerId, s.Id });
        // Catalog by category: approved, active services, newest first.
        service.HasIndex(s => new { s.Category, s.Id }).HasFilter("approval_status = 'Approved' AND is_active");
        // Moderation queue.
        service.HasIndex(s => new { s.ApprovalStatus, s.Id });

        service.ToTable(t => t.HasCheckConstraint("ck_services_price_points", "price_points > 0"));
        service.HasOne<Partner>().WithMany(p => p.Services).HasForeignKey(s => s.PartnerId);
    }
}
