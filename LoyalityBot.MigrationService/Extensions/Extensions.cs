using LoyalityBot.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.MigrationService.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(LoyaltyDataExtensions.PrimaryConnectionName);
        // The database may still be starting when the job runs: retry transient failures instead of failing the deploy.
        builder.Services.AddDbContext<LoyaltyDbContext>((sp, options) => options.UseLoyaltyDatabase(
            sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.EnableRetryOnFailure()));
        builder.Services.AddHostedService<MigrationWorker>();
    }
}
