namespace LoyalityBot.Workers.Jobs.ExchangeRates;

/// <summary>Where the daily rates come from: units of the base currency that one unit of each currency buys.</summary>
public interface IExchangeRateProvider
{
    Task<IReadOnlyDictionary<string, decimal>> GetRatesToBaseAsync(string baseCurrency, CancellationToken cancellationToken);
}
