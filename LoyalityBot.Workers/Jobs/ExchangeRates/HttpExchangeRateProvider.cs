using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace LoyalityBot.Workers.Jobs.ExchangeRates;

/// <summary>
/// Reads <c>{"rates": {"EUR": 0.92, …}}</c> (units per one base unit, the shape exchangerate-api and frankfurter
/// share) and inverts it into base units per currency. Anything malformed is refused as a whole, so a bad answer
/// never overwrites good rates.
/// </summary>
public sealed class HttpExchangeRateProvider(HttpClient http, IOptions<ExchangeRateOptions> options) : IExchangeRateProvider
{
    public async Task<IReadOnlyDictionary<string, decimal>> GetRatesToBaseAsync(string baseCurrency, CancellationToken cancellationToken)
    {
        var url = new Uri(options.Value.Url!.ToString().Replace("{base}", baseCurrency, StringComparison.Ordinal));
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        if (!json.RootElement.TryGetProperty("rates", out var rates) || rates.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"The exchange-rate answer from {url.Host} has no \"rates\" object.");
        }
        var toBase = new Dictionary<string, decimal> { [baseCurrency.ToUpperInvariant()] = 1m };
        foreach (var rate in rates.EnumerateObject())
        {
            if (rate.Name.Length != 3 || !rate.Name.All(char.IsAsciiLetterUpper) || rate.Value.ValueKind != JsonValueKind.Number
                || !rate.Value.TryGetDecimal(out var perBase) || perBase <= 0)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The exchange-rate answer from {url.Host} has a bad rate for \"{rate.Name}\"."));
            }
            toBase[rate.Name] = 1m / perBase;
        }
        return toBase;
    }
}
