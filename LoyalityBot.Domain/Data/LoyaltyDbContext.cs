using LoyalityBot.Domain.Model;
using LoyalityBot.Messaging.Outbox;
using LoyalityBot.Messaging.Scheduling;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Domain.Data;

/// <summary>
/// The loyalty model on the primary: writes, and reads that must see the caller's own last write.
/// Lists, catalogs and analytics use <see cref="LoyaltyReadOnlyDbContext"/> (the replicas) instead.
/// Table and column names are snake_case; timestamps are UTC <c>timestamptz</c>; points are integers, money is numeric.
/// </summary>
public class LoyaltyDbContext : DbContext
{
    public LoyaltyDbContext(DbContextOptions<LoyaltyDbContext> options) : base(options) { }

    /// <summary>For <see cref="LoyaltyReadOnlyDbContext"/>, which shares this model.</summary>
    protected LoyaltyDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Client> Clients => Set<Client>();
    public DbSet<PartnerApplication> PartnerApplications => Set<PartnerApplication>();
    public DbSet<Partner> Partners => Set<Partner>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Promotion> Promotions => Set<Promotion>();
    public DbSet<PointAccount> PointAccounts => Set<PointAccount>();
    public DbSet<LedgerEntry> LedgerEntries => Set<LedgerEntry>();
    public DbSet<ReferralLink> ReferralLinks => Set<ReferralLink>();
    public DbSet<NpsRating> NpsRatings => Set<NpsRating>();
    public DbSet<ClientMessage> ClientMessages => Set<ClientMessage>();
    public DbSet<City> Cities => Set<City>();
    public DbSet<BroadcastCampaign> BroadcastCampaigns => Set<BroadcastCampaign>();
    public DbSet<BroadcastRecipient> BroadcastRecipients => Set<BroadcastRecipient>();
    public DbSet<ReactivationEvent> ReactivationEvents => Set<ReactivationEvent>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
        // Integration events commit with the ledger change they announce (LoyalityBot.Messaging's outbox).
        modelBuilder.UseIntegrationEventOutbox();
        // Once-per-occurrence records of the workers' scheduled jobs (LoyalityBot.Messaging's scheduler).
        modelBuilder.UseScheduledJobs();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        StoreAsName<RegistrationSource>(configurationBuilder);
        StoreAsName<ClientStatus>(configurationBuilder);
        StoreAsName<ApplicationStatus>(configurationBuilder);
        StoreAsName<PartnerStatus>(configurationBuilder);
        StoreAsName<WorkMode>(configurationBuilder);
        StoreAsName<ModerationStatus>(configurationBuilder);
        StoreAsName<PromotionType>(configurationBuilder);
        StoreAsName<TierVisibility>(configurationBuilder);
        StoreAsName<VisibilityMode>(configurationBuilder);
        StoreAsName<Tier>(configurationBuilder);
        StoreAsName<MessageSender>(configurationBuilder);
        StoreAsName<MessageKind>(configurationBuilder);
        StoreAsName<BroadcastAudience>(configurationBuilder);
        StoreAsName<BroadcastStatus>(configurationBuilder);
        StoreAsName<BroadcastInitiator>(configurationBuilder);
        StoreAsName<BroadcastTarget>(configurationBuilder);
        StoreAsName<BroadcastRecipientStatus>(configurationBuilder);
        StoreAsName<LedgerEntryKind>(configurationBuilder);
    }

    private static void StoreAsName<TEnum>(ModelConfigurationBuilder builder) where TEnum : struct, Enum =>
        builder.Properties<TEnum>().HaveConversion<string>().HaveMaxLength(32);
}
