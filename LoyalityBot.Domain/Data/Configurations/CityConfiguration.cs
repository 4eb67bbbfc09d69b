using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class CityConfiguration : IEntityTypeConfiguration<City>
{
    public void Configure(EntityTypeBuilder<City> city)
    {
        city.Property(c => c.Name).HasMaxLength(100);
        city.Property(c => c.CountryCode).HasMaxLength(2).IsFixedLength();
        city.Property(c => c.Currency).HasMaxLength(3).IsFixedLength();
        city.HasIndex(c => c.Name).IsUnique();
    }
}
