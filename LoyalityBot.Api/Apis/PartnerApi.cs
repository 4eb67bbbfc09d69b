using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Api.Infrastructure;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Extensions;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.IntegrationEvents;
using LoyalityBot.Messaging.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace LoyalityBot.Api.Apis;

/// <summary>The partner cabinet: points operations, the partner's own clients, transactions, analytics, exports and settings.</summary>
public static class PartnerApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static RouteGroupBuilder MapPartnerApi(this RouteGroupBuilder api)
    {
        var partner = api.MapGroup("/partner").WithTags("Partner").RequireAuthorization(RoleNames.Partner);
        partner.MapPost("/accruals", AccrueAsync);
        partner.MapPost("/redemptions", RedeemAsync);
        partner.MapGet("/clients", GetClientsAsync);
        partner.MapGet("/transactions", GetTransactionsAsync);
        partner.MapGet("/analytics", GetAnalyticsAsync);
        partner.MapPost("/exports", RequestExportAsync);
        partner.MapPartnerContent();
        partner.MapPartnerBroadcasts();
        partner.MapPartnerSettings();
        return api;
    }

    /// <summary>Points for a purchase. The Idempotency-Key makes a retry return the first result; reusing it for another body is a 409.</summary>
    private static async Task<IResult> AccrueAsync(
        AccrualRequestBody? body, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user,
        LedgerService ledger, CancellationToken ct)
    {
        var check = new Validation()
            .Require(ValidKey(idempotencyKey), IdempotencyHeader, "The Idempotency-Key header is required: 1 to 100 visible ASCII characters.")
            .Require(body?.ClientId is > 0, "clientId", "clientId is required.")
            .Require(body?.PurchaseAmount is > 0 and <= 1_000_000, "purchaseAmount", "purchaseAmount must be above 0 and at most 1,000,000.")
            .Require(body?.Currency is null || body.Currency is { Length: 3 } c && c.All(char.IsAsciiLetter), "currency", "currency is a 3-letter ISO code.");
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        var partnerId = user.UserId();
        var result = await ledger.AccrueAsync(
            new AccrualRequest(body!.ClientId!.Value, partnerId, body.PurchaseAmount!.Value, body.Currency ?? "USD", LedgerKey(partnerId, idempotencyKey!), "api"),
            (context, token) => OutboxWriter.WriteAsync(context.Connection, context.Transaction,
                [new PointsAccruedIntegrationEvent(context.Result.EntryId ?? 0, context.Result.ClientId, partnerId, context.Result.Points, context.Result.BalanceAfter)], token),
            ct);
        return ToResponse(result);
    }

    private static async Task<IResult> RedeemAsync(
        RedemptionRequestBody? body, [FromHeader(Name = IdempotencyHeader)] string? idempotencyKey, ClaimsPrincipal user,
        LedgerService ledger, CancellationToken ct)
    {
        var check = new Validation()
            .Require(ValidKey(idempotencyKey), IdempotencyHeader, "The Idempotency-Key header is required: 1 to 100 visible ASCII characters.")
            .Require(body?.ClientId is > 0, "clientId", "clientId is required.")
            .Require(body?.Points is > 0 and <= 1_000_000, "points", "points must be between 1 and 1,000,000.");
        if (!check.IsValid)
        {
            return TypedResults.ValidationProblem(check.Errors);
        }
        var partnerId = user.UserId();
        var result = await ledger.RedeemAsync(
            new RedemptionRequest(body!.ClientId!.Value, partnerId, body.Points!.Value, LedgerKey(partnerId, idempotencyKey!), "api"),
            (context, token) => OutboxWriter.WriteAsync(context.Connection, context.Transaction,
                [new PointsRedeemedIntegrationEvent(context.Result.EntryId ?? 0, context.Result.ClientId, partnerId, -context.Result.Points, context.Result.BalanceAfter)], token),
            ct);
        return ToResponse(result);
    }

    /// <summary>Keys are scoped to the partner, so two partners can never collide on (or probe) each other's keys.</summary>
    private static string LedgerKey(long partnerId, string key) => $"api:{partnerId}:{key}";

    private static bool ValidKey(string? key) => key is { Length: >= 1 and <= 100 } && key.All(c => c is > ' ' and <= '~');

    private static IResult ToResponse(LedgerResult result) => result.Status switch
    {
        LedgerStatus.Applied or LedgerStatus.Replayed => TypedResults.Ok(new LedgerOperationResponse(
            result.EntryId, result.ClientId, result.Points, result.BalanceAfter, result.Status == LedgerStatus.Replayed)),
        LedgerStatus.Conflict => TypedResults.Problem("This Idempotency-Key was already used for a different request.", statusCode: StatusCodes.Status409Conflict),
        LedgerStatus.ClientNotFound => TypedResults.Problem("No such client.", statusCode: StatusCodes.Status404NotFound),
        LedgerStatus.UnknownCurrency => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currency"] = ["There is no exchange rate for this currency."] }),
        LedgerStatus.AmountRejected => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = ["The amount is not acceptable."] }),
        LedgerStatus.InsufficientBalance => TypedResults.Problem("The client's balance is too low.", statusCode: StatusCodes.Status422UnprocessableEntity),
        LedgerStatus.DailyLimitExceeded => TypedResults.Problem("The client's daily spending limit would be exceeded.", statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => TypedResults.Problem($"The operation was refused ({result.Status}).", statusCode: StatusCodes.Status422UnprocessableEntity),
    };

    /// <summary>Clients who joined through this partner (replicas).</summary>
    private static async Task<Results<Ok<PageResponse<PartnerClientResponse>>, ValidationProblem>> GetClientsAsync(
        ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var clients = await db.PartnerClientsAsync(user.UserId(), page, ct);
        return TypedResults.Ok(clients.Map(c => new PartnerClientResponse(c.Id, c.Name, c.RegisteredAt, c.LastVisitAt)));
    }

    /// <summary>This partner's operations, newest first (replicas).</summary>
    private static async Task<Results<Ok<PageResponse<TransactionResponse>>, ValidationProblem>> GetTransactionsAsync(
        ClaimsPrincipal user, LoyaltyReadOnlyDbContext db, string? cursor, int? limit, CancellationToken ct)
    {
        if (!Paging.TryParse(cursor, limit, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }
        var entries = await db.PartnerTransactionsAsync(user.UserId(), page, ct);
        return TypedResults.Ok(entries.Map(e => new TransactionResponse(e.Id, e.ClientId, e.Kind, e.Amount, e.PurchaseAmount, e.PurchaseCurrency, e.CreatedAt)));
    }

    /// <summary><c>?period=7d|30d|90d|all</c> (default 30d), from the replicas.</summary>
    private static async Task<Results<Ok<PartnerAnalytics>, ValidationProblem>> GetAnalyticsAsync(
        ClaimsPrincipal user, [FromKeyedServices(LoyaltyDataExtensions.ReadOnlyConnectionName)] NpgsqlDataSource replicas,
        TimeProvider time, string? period, CancellationToken ct)
    {
        AnalyticsPeriod? parsed = (period ?? "30d") switch
        {
            "7d" => AnalyticsPeriod.Days7,
            "30d" => AnalyticsPeriod.Days30,
            "90d" => AnalyticsPeriod.Days90,
            "all" => AnalyticsPeriod.AllTime,
            _ => null,
        };
        if (parsed is not { } value)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["period"] = ["period is one of 7d, 30d, 90d, all."] });
        }
        return TypedResults.Ok(await PartnerAnalytics.ReadAsync(replicas, user.UserId(), value, time.GetUtcNow().UtcDateTime, ct));
    }

    /// <summary>The partner's report (CSV or XLSX), built by the workers and sent through the partner bot.</summary>
    private static async Task<Results<Accepted<AcceptedResponse>, ValidationProblem>> RequestExportAsync(
        ExportRequestBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        ExportKind? kind = (body?.Format ?? "csv") switch
        {
            "csv" => ExportKind.PartnerAnalyticsCsv,
            "xlsx" => ExportKind.PartnerAnalyticsXlsx,
            _ => null,
        };
        if (kind is not { } value)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["format is csv or xlsx."] });
        }
        var partnerId = user.UserId();
        await db.SaveWithEventsAsync(() => [new ExportRequestedIntegrationEvent(value, "partner", partnerId, partnerId, null)], ct);
        return TypedResults.Accepted((string?)null, new AcceptedResponse("The report will arrive in the partner bot."));
    }
}
