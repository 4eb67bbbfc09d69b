using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace LoyalityBot.Domain.Data;

/// <summary>
/// Which migrations a database lacks, read without EF Core: the migrations' own attributes and one query on the
/// history table. EF builds the whole model to answer the same question, seconds of CPU on every start of the stack,
/// where the answer is almost always "none".
/// </summary>
public static class MigrationHistory
{
    public const string TableName = "ef_migrations_history";

    /// <summary>Every migration of <see cref="LoyaltyDbContext"/>, in the order EF applies them (by id).</summary>
    public static IReadOnlyList<string> Migrations { get; } = typeof(LoyaltyDbContext).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(LoyaltyDbContext))
        .Select(type => type.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static async Task<IReadOnlyList<string>> GetPendingAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using var command = dataSource.CreateCommand($"SELECT migration_id FROM {TableName}");
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // A new database: no history table yet, so every migration is pending.
        }
        return Migrations.Where(id => !applied.Contains(id)).ToArray();
    }
}
