using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class NpsRatingConfiguration : IEntityTypeConfiguration<NpsRating>
{
    public void Configure(EntityTypeBuilder<NpsRating> rating)
    {
        rating.Property(r => r.MasterName).HasMaxLength(200);
        rating.Property(r => r.Feedback).HasMaxLength(4000);
        rating.HasIndex(r => new { r.PartnerId, r.Id });
        rating.HasIndex(r => new { r.ClientId, r.Id });
        rating.ToTable(t => t.HasCheckConstraint("ck_nps_ratings_rating", "rating BETWEEN 0 AND 10"));
        rating.HasOne<Client>().WithMany().HasForeignKey(r => r.ClientId);
        rating.HasOne<Partner>().WithMany().HasForeignKey(r => r.PartnerId);
    }
}
