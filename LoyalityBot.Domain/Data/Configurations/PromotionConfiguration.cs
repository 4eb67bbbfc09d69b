using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class PromotionConfiguration : IEntityTypeConfiguration<Promotion>
{
    public void Configure(EntityTypeBuilder<Promotion> promotion)
    {
        promotion.Property(p => p.Title).HasMaxLength(200);
        promotion.Property(p => p.Description).HasMaxLength(4000);
        promotion.Property(p => p.DiscountText).HasMaxLength(200);
        promotion.Property(p => p.Price).HasPrecision(12, 2);
        promotion.Property(p => p.Currency).HasMaxLength(3).IsFixedLength();
        promotion.Property(p => p.PointValue).HasPrecision(12, 4).HasDefaultValue(1m);
        promotion.Property(p => p.ImageHash).HasMaxLength(64);

        promotion.HasIndex(p => new { p.PartnerId, p.Id });
        // The client catalog: published promotions, newest first.
        promotion.HasIndex(p => p.Id).HasDatabaseName("ix_promotions_published_id")
            .HasFilter("approval_status = 'Approved' AND is_active");
        promotion.HasIndex(p => new { p.ApprovalStatus, p.Id });

        promotion.ToTable(t =>
        {
            t.HasCheckConstraint("ck_promotions_dates", "ends_on >= starts_on");
            t.HasCheckConstraint("ck_promotions_max_points_payment", "max_points_payment >= 0 AND max_points_payment * point_value <= price");
        });
        promotion.HasOne<Partner>().WithMany(p => p.Promotions).HasForeignKey(p => p.PartnerId);
        promotion.HasMany(p => p.Services).WithMany(s => s.Promotions).UsingEntity<PromotionService>(
            link => link.HasOne<Service>().WithMany().HasForeignKey(ps => ps.ServiceId),
            link => link.HasOne<Promotion>().WithMany().HasForeignKey(ps => ps.PromotionId),
            link =>
            {
                link.ToTable("promotion_services");
                link.HasKey(ps => new { ps.PromotionId, ps.ServiceId });
                link.HasIndex(ps => ps.ServiceId);
            });
    }
}
