using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class PartnerConfiguration : IEntityTypeConfiguration<Partner>
{
    public void Configure(EntityTypeBuilder<Partner> partner)
    {
        partner.Property(p => p.Id).ValueGeneratedNever();
        partner.Property(p => p.Name).HasMaxLength(200);
        partner.Property(p => p.CompanyName).HasMaxLength(200);
        partner.Property(p => p.Phone).HasMaxLength(15);
        partner.Property(p => p.Email).HasMaxLength(254);
        partner.Property(p => p.Category).HasMaxLength(64);
        partner.Property(p => p.CategoryGroup).HasMaxLength(64);
        partner.Property(p => p.District).HasMaxLength(100);
        partner.Property(p => p.CashbackPercent).HasPrecision(5, 2).HasDefaultValue(5m);
        partner.Property(p => p.BookingUrl).HasMaxLength(500);
        partner.Property(p => p.ContactLink).HasMaxLength(500);

        // Catalog: partners of a city (optionally of a category), keyset-paged by id.
        partner.HasIndex(p => new { p.CityId, p.Category, p.Id });
        partner.HasIndex(p => new { p.Category, p.Id });

        partner.ToTable(t => t.HasCheckConstraint("ck_partners_cashback_percent", "cashback_percent >= 0 AND cashback_percent <= 100"));
        partner.HasOne<City>().WithMany().HasForeignKey(p => p.CityId);
        partner.HasOne<PartnerApplication>().WithMany().HasForeignKey(p => p.ApplicationId);
    }
}
