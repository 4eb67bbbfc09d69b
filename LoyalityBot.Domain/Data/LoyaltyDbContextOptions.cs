using Microsoft.EntityFrameworkCore;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace LoyalityBot.Domain.Data;

public static class LoyaltyDbContextOptions
{
    /// <summary>The one place both contexts (and the design-time factory, and tests) get their provider settings from.</summary>
    public static DbContextOptionsBuilder UseLoyaltyDatabase(
        this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource, Action<NpgsqlDbContextOptionsBuilder>? configure = null) =>
        builder
            .UseNpgsql(dataSource, npgsql =>
            {
                npgsql.MigrationsHistoryTable(MigrationHistory.TableName);
                configure?.Invoke(npgsql);
            })
            .UseSnakeCaseNamingConvention();

    /// <summary>Options for a <see cref="LoyaltyDbContext"/> made by hand (design time, the seeder, tools).</summary>
    public static DbContextOptions<LoyaltyDbContext> For(NpgsqlDataSource dataSource)
    {
        var builder = new DbContextOptionsBuilder<LoyaltyDbContext>();
        builder.UseLoyaltyDatabase(dataSource);
        return builder.Options;
    }
}
