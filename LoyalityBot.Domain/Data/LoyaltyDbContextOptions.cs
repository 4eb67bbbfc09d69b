using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.Domain.Data;

public static class LoyaltyDbContextOptions
{
    /// <summary>The one place both contexts (and the design-time factory, and tests) get their provider settings from.</summary>
    public static DbContextOptionsBuilder UseLoyaltyDatabase(this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource) =>
        builder
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
}
