using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class PartnerApplicationConfiguration : IEntityTypeConfiguration<PartnerApplication>
{
    public void Configure(EntityTypeBuilder<PartnerApplication> application)
    {
        application.Property(a => a.Name).HasMaxLength(200);
        application.Property(a => a.Phone).HasMaxLength(15);
        application.Property(a => a.Email).HasMaxLength(254);
        application.Property(a => a.CompanyName).HasMaxLength(200);
        application.Property(a => a.Category).HasMaxLength(64);
        application.Property(a => a.CategoryGroup).HasMaxLength(64);
        application.Property(a => a.District).HasMaxLength(100);
        application.Property(a => a.ContactLink).HasMaxLength(500);
        application.Property(a => a.BookingUrl).HasMaxLength(500);

        // The admin's moderation queue: pending applications, oldest first.
        application.HasIndex(a => new { a.Status, a.Id });
        application.HasIndex(a => a.TelegramUserId);
        application.HasOne<City>().WithMany().HasForeignKey(a => a.CityId);
    }
}
