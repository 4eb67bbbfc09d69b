using LoyalityBot.Domain.Model;

namespace LoyalityBot.Api.Apis.Contracts;

public sealed record ApplicationResponse(
    long Id, long TelegramUserId, string Name, string? CompanyName, string Category, int? CityId, WorkMode WorkMode,
    ApplicationStatus Status, DateTime CreatedAt)
{
    public static ApplicationResponse From(PartnerApplication a) =>
        new(a.Id, a.TelegramUserId, a.Name, a.CompanyName, a.Category, a.CityId, a.WorkMode, a.Status, a.CreatedAt);
}

public sealed record DecisionRequest(string? Reason);

public sealed record HeadlineStatsResponse(
    long Clients, long ActivePartners, long PendingApplications, long PendingPromotions, long PendingServices,
    long PointsInCirculation, long TransactionsLast24Hours);

public sealed record AdminExportRequest(string? Kind);
