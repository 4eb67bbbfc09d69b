using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyalityBot.Domain.Data.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> client)
    {
        client.Property(c => c.Id).ValueGeneratedNever();
        client.Property(c => c.Phone).HasMaxLength(15);
        client.Property(c => c.Name).HasMaxLength(200);
        client.Property(c => c.Language).HasMaxLength(8);
        client.Property(c => c.AmbassadorCode).HasMaxLength(32);
        client.Property(c => c.ReferralCode).HasMaxLength(16);

        client.HasIndex(c => c.Phone).IsUnique().HasFilter("phone IS NOT NULL");
        client.HasIndex(c => c.ReferralCode).IsUnique();
        client.HasIndex(c => c.ReferredByClientId);
        // A partner's clients, keyset-paged by id (broadcast audiences, partner analytics).
        client.HasIndex(c => new { c.RegisteredViaPartnerId, c.Id });
        client.HasIndex(c => c.CityId);

        client.ToTable(t => t.HasCheckConstraint("ck_clients_phone_digits", "phone ~ '^[1-9][0-9]{6,14}$'"));
        client.HasOne<City>().WithMany().HasForeignKey(c => c.CityId);
        client.HasOne<Partner>().WithMany().HasForeignKey(c => c.RegisteredViaPartnerId);
        client.HasOne<Client>().WithMany().HasForeignKey(c => c.ReferredByClientId);
        client.HasOne(c => c.Account).WithOne().HasForeignKey<PointAccount>(a => a.ClientId).OnDelete(DeleteBehavior.Restrict);
    }
}
