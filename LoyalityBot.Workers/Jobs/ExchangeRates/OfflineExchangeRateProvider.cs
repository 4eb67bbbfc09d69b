namespace LoyalityBot.Workers.Jobs.ExchangeRates;

/// <summary>
/// The built-in table, in USD per unit (mid-2025 levels, rounded): it keeps accruals in other currencies working
/// without network access. Another base currency is derived by cross rates through USD.
/// </summary>
public sealed class OfflineExchangeRateProvider : IExchangeRateProvider
{
    internal static readonly IReadOnlyDictionary<string, decimal> UsdPerUnit = new Dictionary<string, decimal>
    {
        ["USD"] = 1m,
        ["EUR"] = 1.08m,
        ["GBP"] = 1.27m,
        ["RUB"] = 0.0111m,
        ["KZT"] = 0.00195m,
        ["UZS"] = 0.0000790m,
        ["BYN"] = 0.305m,
        ["UAH"] = 0.0241m,
        ["GEL"] = 0.368m,
        ["AMD"] = 0.00258m,
        ["AED"] = 0.2723m,
        ["TRY"] = 0.0255m,
        ["THB"] = 0.0276m,
        ["VND"] = 0.0000385m,
        ["IDR"] = 0.0000614m,
        ["CNY"] = 0.138m,
        ["INR"] = 0.0117m,
    };

    public Task<IReadOnlyDictionary<string, decimal>> GetRatesToBaseAsync(string baseCurrency, CancellationToken cancellationToken)
    {
        if (!UsdPerUnit.TryGetValue(baseCurrency.ToUpperInvariant(), out var basePerUsd))
        {
            throw new InvalidOperationException($"The offline exchange-rate table has no {baseCurrency}.");
        }
        IReadOnlyDictionary<string, decimal> rates = UsdPerUnit.ToDictionary(r => r.Key, r => r.Value / basePerUsd);
        return Task.FromResult(rates);
    }
}
