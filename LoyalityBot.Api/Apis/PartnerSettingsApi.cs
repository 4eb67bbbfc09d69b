using System.Security.Claims;
using LoyalityBot.Api.Apis.Contracts;
using LoyalityBot.Api.Auth;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Partners;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyalityBot.Api.Apis;

/// <summary>
/// The partner's own switches, the same as the partner bot's settings screen (<see cref="PartnerSettings"/>): whether
/// clients may message it and whether the daily churn job sends reactivation offers to its lapsed clients. Read and
/// written on the primary: the partner expects to see the change just made.
/// </summary>
public static class PartnerSettingsApi
{
    public static RouteGroupBuilder MapPartnerSettings(this RouteGroupBuilder partner)
    {
        partner.MapGet("/settings", GetSettingsAsync);
        partner.MapPut("/settings", UpdateSettingsAsync);
        return partner;
    }

    private static async Task<Results<Ok<PartnerSettings>, NotFound>> GetSettingsAsync(ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct) =>
        await PartnerSettings.ReadAsync(db, user.UserId(), ct) is { } settings ? TypedResults.Ok(settings) : TypedResults.NotFound();

    /// <summary>Sets the switches in the body; a switch left out (or null) keeps its value.</summary>
    private static async Task<Results<Ok<PartnerSettings>, NotFound, ValidationProblem>> UpdateSettingsAsync(
        PartnerSettingsBody? body, ClaimsPrincipal user, LoyaltyDbContext db, CancellationToken ct)
    {
        if (body is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = ["A JSON object with allowClientMessages and/or reactivationOptOut (true or false) is required."],
            });
        }
        return await PartnerSettings.UpdateAsync(db, user.UserId(), body.AllowClientMessages, body.ReactivationOptOut, ct) is { } settings
            ? TypedResults.Ok(settings)
            : TypedResults.NotFound();
    }
}
