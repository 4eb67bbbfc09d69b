using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;

namespace LoyalityBot.Domain.Queries;

/// <summary>
/// The hot lists, each keyset-paged and backed by an index. Call them on <see cref="LoyaltyReadOnlyDbContext"/>
/// (replicas) unless the caller must see its own last write, then on <see cref="LoyaltyDbContext"/> (primary).
/// </summary>
public static class LoyaltyQueries
{
    /// <summary>A client's ledger history, newest first. Index: ledger_entries (client_id, id).</summary>
    public static Task<Page<LedgerEntry>> ClientHistoryAsync(this LoyaltyDbContext db, long clientId, PageRequest page, CancellationToken ct = default) =>
        db.LedgerEntries.Where(e => e.ClientId == clientId).ToKeysetPageAsync(e => e.Id, descending: true, page, ct);

    /// <summary>The whole ledger, newest first (audits, exports, analytics on a replica). Index: the primary key.</summary>
    public static Task<Page<LedgerEntry>> LedgerAsync(this LoyaltyDbContext db, PageRequest page, CancellationToken ct = default) =>
        db.LedgerEntries.ToKeysetPageAsync(e => e.Id, descending: true, page, ct);

    /// <summary>A partner's operations, newest first. Index: ledger_entries (partner_id, id).</summary>
    public static Task<Page<LedgerEntry>> PartnerTransactionsAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.LedgerEntries.Where(e => e.PartnerId == partnerId).ToKeysetPageAsync(e => e.Id, descending: true, page, ct);

    /// <summary>Published, current promotions, newest first, optionally of partners in one city. Index: the published partial index.</summary>
    public static Task<Page<Promotion>> PublishedPromotionsAsync(
        this LoyaltyDbContext db, DateOnly today, int? cityId, PageRequest page, CancellationToken ct = default)
    {
        var promotions = db.Promotions.Where(p => p.ApprovalStatus == ModerationStatus.Approved && p.IsActive
                                                  && p.StartsOn <= today && p.EndsOn >= today);
        if (cityId is { } city)
        {
            promotions = promotions.Where(p => db.Partners.Any(partner => partner.Id == p.PartnerId && partner.CityId == city));
        }
        return promotions.ToKeysetPageAsync(p => p.Id, descending: true, page, ct);
    }

    /// <summary>
    /// The Mini App catalog: published, current promotions a client of <paramref name="tier"/> may see (tier-only offers
    /// need the tier), optionally of partners in one city and of one partner category, newest first.
    /// Index: the published partial index; partners by primary key.
    /// </summary>
    public static Task<Page<Promotion>> CatalogPromotionsAsync(
        this LoyaltyDbContext db, DateOnly today, Tier tier, int? cityId, string? category, PageRequest page, CancellationToken ct = default)
    {
        var reachable = Enum.GetValues<Tier>().Where(t => t <= tier).Select(t => (Tier?)t).ToArray();
        var promotions = db.Promotions.Where(p => p.ApprovalStatus == ModerationStatus.Approved && p.IsActive
                                                  && p.StartsOn <= today && p.EndsOn >= today
                                                  && (p.TierVisibility == TierVisibility.All || p.MinTier == null || reachable.Contains(p.MinTier)));
        if (cityId is not null || category is not null)
        {
            promotions = promotions.Where(p => db.Partners.Any(partner => partner.Id == p.PartnerId && partner.Status == PartnerStatus.Active
                && (cityId == null || partner.CityId == cityId) && (category == null || partner.Category == category)));
        }
        return promotions.ToKeysetPageAsync(p => p.Id, descending: true, page, ct);
    }

    /// <summary>Approved, active services, optionally of one category and of partners in one city, newest first.</summary>
    public static Task<Page<Service>> CatalogServicesAsync(
        this LoyaltyDbContext db, int? cityId, string? category, PageRequest page, CancellationToken ct = default)
    {
        var services = db.Services.Where(s => s.ApprovalStatus == ModerationStatus.Approved && s.IsActive);
        if (category is not null)
        {
            services = services.Where(s => s.Category == category);
        }
        if (cityId is not null)
        {
            services = services.Where(s => db.Partners.Any(partner => partner.Id == s.PartnerId && partner.CityId == cityId && partner.Status == PartnerStatus.Active));
        }
        return services.ToKeysetPageAsync(s => s.Id, descending: true, page, ct);
    }

    /// <summary>A partner's own promotions, newest first. Index: promotions (partner_id, id).</summary>
    public static Task<Page<Promotion>> PartnerPromotionsAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.Promotions.Where(p => p.PartnerId == partnerId).ToKeysetPageAsync(p => p.Id, descending: true, page, ct);

    /// <summary>Approved services of a category, newest first. Index: services (category, id) for approved, active rows.</summary>
    public static Task<Page<Service>> ServicesByCategoryAsync(this LoyaltyDbContext db, string category, PageRequest page, CancellationToken ct = default) =>
        db.Services.Where(s => s.Category == category && s.ApprovalStatus == ModerationStatus.Approved && s.IsActive)
            .ToKeysetPageAsync(s => s.Id, descending: true, page, ct);

    /// <summary>A partner's services, newest first. Index: services (partner_id, id).</summary>
    public static Task<Page<Service>> PartnerServicesAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.Services.Where(s => s.PartnerId == partnerId).ToKeysetPageAsync(s => s.Id, descending: true, page, ct);

    /// <summary>Active partners of a city, optionally of one category. Index: partners (city_id, category, id).</summary>
    public static Task<Page<Partner>> PartnersInCityAsync(
        this LoyaltyDbContext db, int cityId, string? category, PageRequest page, CancellationToken ct = default)
    {
        var partners = db.Partners.Where(p => p.CityId == cityId && p.Status == PartnerStatus.Active);
        if (category is not null)
        {
            partners = partners.Where(p => p.Category == category);
        }
        return partners.ToKeysetPageAsync(p => p.Id, descending: false, page, ct);
    }

    /// <summary>Clients who signed up through a partner (broadcast audiences). Index: clients (registered_via_partner_id, id).</summary>
    public static Task<Page<Client>> PartnerClientsAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.Clients.Where(c => c.RegisteredViaPartnerId == partnerId && c.Status == ClientStatus.Active)
            .ToKeysetPageAsync(c => c.Id, descending: false, page, ct);

    /// <summary>A client's referrals at one level. Index: referral_links (referrer_id, level, referee_id).</summary>
    public static Task<Page<ReferralLink>> ReferralsAsync(this LoyaltyDbContext db, long referrerId, short level, PageRequest page, CancellationToken ct = default) =>
        db.ReferralLinks.Where(l => l.ReferrerId == referrerId && l.Level == level)
            .ToKeysetPageAsync(l => l.RefereeId, descending: false, page, ct);

    /// <summary>One client–partner conversation, newest first. Index: client_messages (partner_id, client_id, id).</summary>
    public static Task<Page<ClientMessage>> ConversationAsync(
        this LoyaltyDbContext db, long partnerId, long clientId, PageRequest page, CancellationToken ct = default) =>
        db.ClientMessages.Where(m => m.PartnerId == partnerId && m.ClientId == clientId)
            .ToKeysetPageAsync(m => m.Id, descending: true, page, ct);

    /// <summary>A partner's unread messages from clients, newest first. Index: the unread partial index.</summary>
    public static Task<Page<ClientMessage>> UnreadMessagesAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.ClientMessages.Where(m => m.PartnerId == partnerId && !m.IsRead && m.Sender == MessageSender.Client)
            .ToKeysetPageAsync(m => m.Id, descending: true, page, ct);

    /// <summary>A partner's NPS ratings, newest first. Index: nps_ratings (partner_id, id).</summary>
    public static Task<Page<NpsRating>> PartnerRatingsAsync(this LoyaltyDbContext db, long partnerId, PageRequest page, CancellationToken ct = default) =>
        db.NpsRatings.Where(r => r.PartnerId == partnerId).ToKeysetPageAsync(r => r.Id, descending: true, page, ct);

    /// <summary>Partner applications in a status (the admin's queue: Pending, oldest first). Index: (status, id).</summary>
    public static Task<Page<PartnerApplication>> ApplicationsAsync(
        this LoyaltyDbContext db, ApplicationStatus status, PageRequest page, CancellationToken ct = default) =>
        db.PartnerApplications.Where(a => a.Status == status).ToKeysetPageAsync(a => a.Id, descending: false, page, ct);
}
