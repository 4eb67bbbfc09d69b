using System.Globalization;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Rules;
using LoyalityBot.Domain.Seeding;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LoyalityBot.MigrationService;

/// <summary>
/// <c>seed --clients N --partners N --transactions N [--connection CS] [--random-seed N]</c>: migrates the database,
/// then fills it (it must hold no clients, partners or cities yet; exchange rates already there are kept) with demo data by binary COPY, printing progress.
/// The connection string defaults to <c>ConnectionStrings__loyalty</c>.
/// </summary>
internal static class SeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var connectionString = options.GetValueOrDefault("connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__loyalty");
        if (string.IsNullOrEmpty(connectionString))
        {
            await Console.Error.WriteLineAsync("seed: pass --connection or set ConnectionStrings__loyalty");
            return 2;
        }
        var size = new SeedSize(
            Count(options, "clients", 100_000), Count(options, "partners", 1_000), Count(options, "transactions", 1_000_000),
            Count(options, "random-seed", 20261124));
        if (size.Clients < 1 || size.Partners < 1)
        {
            await Console.Error.WriteLineAsync("seed: --clients and --partners must be at least 1");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using (var db = new LoyaltyDbContext(LoyaltyDbContextOptions.For(dataSource)))
        {
            Console.WriteLine("[seed] applying migrations");
            await db.Database.MigrateAsync(cancellation.Token);
            // The demo's ids start at 1 (cities) and at fixed Telegram ids (partners, clients): they need an empty database.
            if (await db.Clients.AnyAsync(cancellation.Token) || await db.Partners.AnyAsync(cancellation.Token) || await db.Cities.AnyAsync(cancellation.Token))
            {
                await Console.Error.WriteLineAsync("seed: the database already has clients, partners or cities; seed an empty database (for example a new one: --connection \"...;Database=demo\")");
                return 1;
            }
        }
        Console.WriteLine($"[seed] {size.Clients} clients, {size.Partners} partners, {size.Transactions} transactions");
        await new DemoDataGenerator(dataSource, new LedgerOptions(), Console.WriteLine).GenerateAsync(size, cancellation.Token);
        return 0;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }
        return options;
    }

    private static int Count(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var text) ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : fallback;
}
