using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> rate)
    {
        rate.HasKey(r => r.Currency);
        rate.Property(r => r.Currency).HasMaxLength(3).IsFixedLength();
        rate.Property(r => r.RateToBase).HasPrecision(18, 8);
        rate.ToTable(t => t.HasCheckConstraint("ck_exchange_rates_positive", "rate_to_base > 0"));
    }
}
