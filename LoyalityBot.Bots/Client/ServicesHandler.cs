using LoyalityBot.Bots.Pipeline;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using Microsoft.EntityFrameworkCore;

namespace LoyalityBot.Bots.Client;

/// <summary>
/// The services of partners in the client's city (<c>/services</c>), next to the promotions: approved and active,
/// five a page (<c>sr:&lt;cursor&gt;</c>), each opened with <c>sv:&lt;id&gt;</c>. Read on the replicas.
/// </summary>
internal sealed class ServicesHandler(ClientSession session, LoyaltyReadOnlyDbContext catalog) : IUpdateHandler
{
    public const int PageSize = 5;

    public async ValueTask<bool> HandleAsync(BotUpdate update, CancellationToken cancellationToken)
    {
        if (session.Client is not { } client)
        {
            return false;
        }
        if (ClientBot.Asks(update, "services", "client.menu.services"))
        {
            await ListAsync(update, client, PageRequest.First(PageSize), cancellationToken);
            return true;
        }
        if (CallbackData.TryParsePage(update.CallbackData, "sr", PageSize, out var page))
        {
            if (page is null)
            {
                await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
                await update.ReplyAsync(update.T("stale"), cancellationToken: cancellationToken);
                return true;
            }
            await ListAsync(update, client, page, cancellationToken);
            return true;
        }
        if (!CallbackData.TryParse(update.CallbackData, "sv", out var viewed))
        {
            return false;
        }
        var service = viewed is [var idText] && CallbackData.TryId(idText, out var id)
            ? await catalog.Services.Where(s => s.Id == id && s.ApprovalStatus == ModerationStatus.Approved && s.IsActive)
                .Join(catalog.Partners.Where(p => p.Status == PartnerStatus.Active && (client.CityId == null || p.CityId == client.CityId)),
                    s => s.PartnerId, p => p.Id, (s, p) => new { s.Title, s.Description, s.Category, s.PricePoints, Partner = p.Name })
                .SingleOrDefaultAsync(cancellationToken)
            : null;
        // A message of its own, so the list stays open above it.
        await update.AnswerCallbackAsync(cancellationToken: cancellationToken);
        await update.ReplyAsync(service is null ? update.T("client.service.gone")
            : update.T("client.service", service.Title, service.Description ?? "", service.Category, service.PricePoints, service.Partner), cancellationToken: cancellationToken);
        return true;
    }

    private async Task ListAsync(BotUpdate update, Domain.Model.Client client, PageRequest request, CancellationToken cancellationToken)
    {
        var page = await catalog.CatalogServicesAsync(client.CityId, null, request, cancellationToken);
        if (page.Items.Count == 0)
        {
            await update.ShowAsync(update.T("client.services.empty"), null, cancellationToken);
            return;
        }
        var rows = Keyboards.PagedRows(update, page.Items, s => ($"{RegistrationHandler.Truncate(s.Title, 50)} · {s.PricePoints}", $"sv:{s.Id}"),
            page.NextCursor is { } next ? $"sr:{next}" : null);
        await update.ShowAsync(update.T("client.services.title"), Keyboards.Inline([.. rows]), cancellationToken);
    }
}
