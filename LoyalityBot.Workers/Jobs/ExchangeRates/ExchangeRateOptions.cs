namespace LoyalityBot.Workers.Jobs.ExchangeRates;

/// <summary>The <c>ExchangeRates</c> section.</summary>
public sealed class ExchangeRateOptions
{
    public const string SectionName = "ExchangeRates";

    /// <summary><c>Offline</c> (the built-in table, the default: works without network) or <c>Http</c>.</summary>
    public string Provider { get; set; } = "Offline";

    /// <summary>
    /// For <c>Http</c>: a URL answering <c>{"rates": {"EUR": 0.92, …}}</c> per one unit of the base currency
    /// (exchangerate-api's <c>https://open.er-api.com/v6/latest/USD</c>, frankfurter's
    /// <c>https://api.frankfurter.app/latest?from=USD</c>). <c>{base}</c> in it is replaced by the base currency.
    /// </summary>
    public Uri? Url { get; set; }

    internal bool UsesHttp => string.Equals(Provider, "Http", StringComparison.OrdinalIgnoreCase);

    internal string? Validate() =>
        !UsesHttp && !string.Equals(Provider, "Offline", StringComparison.OrdinalIgnoreCase) ? "ExchangeRates:Provider must be Offline or Http."
        : UsesHttp && Url is not { IsAbsoluteUri: true } ? "ExchangeRates:Url must be an absolute URL when the provider is Http."
        : null;
}
