using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.Scheduling;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Jobs.ExchangeRates;

/// <summary>
/// Daily at 00:00 UTC: upserts every rate the configured provider gives into <c>exchange_rates</c> (rounded to the
/// column's 8 decimals, which the accrual conversion reads). Rates that round to 0 are left out (the column must
/// be positive). A failing provider throws, the rows stay as they were, and the scheduler's next poll retries.
/// </summary>
internal sealed partial class ExchangeRatesJob(
    NpgsqlDataSource dataSource, IExchangeRateProvider provider, IOptions<LedgerOptions> ledger, ILogger<ExchangeRatesJob> logger) : IScheduledJob
{
    public string Name => "exchange-rates";
    public TimeSpan Period => TimeSpan.FromDays(1);

    public async Task RunAsync(DateTime dueAt, CancellationToken cancellationToken)
    {
        var baseCurrency = ledger.Value.BaseCurrency.ToUpperInvariant();
        var rates = (await provider.GetRatesToBaseAsync(baseCurrency, cancellationToken))
            .Select(r => (Currency: r.Key, Rate: decimal.Round(r.Value, 8)))
            .Where(r => r.Rate > 0)
            .ToArray();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO exchange_rates (currency, rate_to_base, updated_at)
            SELECT rate.currency, rate.to_base, $3 FROM unnest($1::char(3)[], $2::numeric[]) AS rate (currency, to_base)
            ON CONFLICT (currency) DO UPDATE SET rate_to_base = excluded.rate_to_base, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = rates.Select(r => r.Currency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<decimal[]> { TypedValue = rates.Select(r => r.Rate).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = dueAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
        LogUpdated(logger, rates.Length, baseCurrency, provider.GetType().Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange rates: {Count} rates to {Base} from {Provider}")]
    private static partial void LogUpdated(ILogger logger, int count, string @base, string provider);
}
