using LoyalityBot.Domain.Rules;
using LoyalityBot.Messaging.Scheduling;
using LoyalityBot.Workers.Jobs.ExchangeRates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LoyalityBot.Workers.Tests;

/// <summary>The daily exchange-rate job writing into PostgreSQL, from the built-in table and from a real HTTP provider.</summary>
public sealed class ExchangeRatesJobTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly DateTime Midnight = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task By_default_the_offline_table_fills_the_rates_and_an_accrual_in_that_currency_converts()
    {
        var bot = await telegram.NewBotAsync();
        await using var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot);
        var job = workers.Services.GetServices<IScheduledJob>().OfType<ExchangeRatesJob>().Single();

        await job.RunAsync(Midnight, Ct);

        Assert.IsType<OfflineExchangeRateProvider>(workers.Services.GetRequiredService<IExchangeRateProvider>());
        var rates = await RatesAsync(workers);
        Assert.Equal(OfflineExchangeRateProvider.UsdPerUnit.Count, rates.Count);
        Assert.Equal((1.08m, Midnight), rates["EUR"]);
        Assert.Equal((0.0000385m, Midnight), rates["VND"]);
        // 1,000,000 VND = 38.5 USD; 5 % of it is 1.925, so 1 point.
        await workers.AddPartnerAsync(1);
        var client = await workers.RegisterAsync(42);
        Assert.Equal(1, (await workers.Ledger.AccrueAsync(new Domain.Ledger.AccrualRequest(client, 1, 1_000_000m, "VND", "vnd-1"), cancellationToken: Ct)).Points);
    }

    [Fact]
    public async Task The_http_provider_inverts_the_providers_rates_and_a_bad_answer_changes_nothing()
    {
        await using var provider = await FakeProviderAsync();
        var bot = await telegram.NewBotAsync();
        await using var workers = await WorkersHost.CreateAsync(telegram, bot, bot, bot, new()
        {
            ["ExchangeRates:Provider"] = "Http",
            ["ExchangeRates:Url"] = $"{provider.Urls.Single()}/latest/{{base}}",
        });
        var job = workers.Services.GetServices<IScheduledJob>().OfType<ExchangeRatesJob>().Single();

        await job.RunAsync(Midnight, Ct);
        var broken = new ExchangeRatesJob(workers.Database,
            new HttpExchangeRateProvider(new HttpClient(), Options.Create(new ExchangeRateOptions { Provider = "Http", Url = new($"{provider.Urls.Single()}/broken") })),
            Options.Create(new LedgerOptions()), NullLogger<ExchangeRatesJob>.Instance);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => broken.RunAsync(Midnight.AddDays(1), Ct));

        Assert.IsType<HttpExchangeRateProvider>(workers.Services.GetRequiredService<IExchangeRateProvider>());
        Assert.Equal(new Dictionary<string, (decimal, DateTime)>
        {
            ["USD"] = (1m, Midnight),
            ["EUR"] = (2m, Midnight),
            ["VND"] = (0.00004m, Midnight),
        }, await RatesAsync(workers));
        Assert.Contains("\"RUB\"", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A provider on a real socket: <c>/latest/USD</c> answers like exchangerate-api; <c>/broken</c> has a negative rate (dictionaries, as anonymous types' names would be camel-cased).</summary>
    private static async Task<WebApplication> FakeProviderAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/latest/{currency}", (string currency) => Results.Json(new { result = "success", base_code = currency, rates = new Dictionary<string, decimal> { ["USD"] = 1m, ["EUR"] = 0.5m, ["VND"] = 25_000m } }));
        app.MapGet("/broken", () => Results.Json(new { rates = new Dictionary<string, decimal> { ["EUR"] = 0.5m, ["RUB"] = -90m } }));
        await app.StartAsync(Ct);
        return app;
    }

    private static async Task<Dictionary<string, (decimal, DateTime)>> RatesAsync(WorkersHost workers)
    {
        await using var command = workers.Database.CreateCommand("SELECT currency, rate_to_base, updated_at FROM exchange_rates");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rates = new Dictionary<string, (decimal, DateTime)>();
        while (await reader.ReadAsync(Ct))
        {
            rates[reader.GetString(0)] = (reader.GetDecimal(1), reader.GetDateTime(2));
        }
        return rates;
    }
}
