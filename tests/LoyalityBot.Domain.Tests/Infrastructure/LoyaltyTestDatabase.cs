using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>
/// A migrated database wired exactly as a service wires it (<c>AddLoyaltyData</c> with the Aspire connection
/// string names), plus helpers to create the rows the ledger needs.
/// </summary>
public sealed class LoyaltyTestDatabase : IAsyncDisposable
{
    private readonly IHost host;

    private LoyaltyTestDatabase(IHost host, string connectionString)
    {
        this.host = host;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }
    public IServiceProvider Services => host.Services;
    public LedgerService Ledger => Services.GetRequiredService<LedgerService>();
    public NpgsqlDataSource Primary => Services.GetRequiredService<NpgsqlDataSource>();

    public static async Task<LoyaltyTestDatabase> CreateAsync(string prefix, IDictionary<string, string?>? settings = null, bool migrate = true)
    {
        var (connectionString, readOnly) = await TestPostgres.CreateDatabaseAsync(prefix, TestContext.Current.CancellationToken);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = connectionString,
            ["ConnectionStrings:loyalty-readonly"] = readOnly,
            ["LoyaltyData:MaxPoolSize"] = "40",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.AddLoyaltyData();
        var database = new LoyaltyTestDatabase(builder.Build(), connectionString);
        if (migrate)
        {
            await using var scope = database.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        }
        return database;
    }

    public async Task<T> WithContextAsync<T>(Func<LoyaltyDbContext, Task<T>> use)
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>());
    }

    public async Task<long> AddPartnerAsync(long id, decimal cashbackPercent = 5m, int? cityId = null, string category = "beauty")
    {
        await WithContextAsync(async db =>
        {
            db.Partners.Add(new Partner
            {
                Id = id, Name = $"Partner {id}", Category = category, CashbackPercent = cashbackPercent, CityId = cityId,
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }

    public async Task<long> RegisterAsync(long clientId, long? referrer = null)
    {
        var result = await Ledger.RegisterClientAsync(new ClientRegistration(clientId, $"Client {clientId}", ReferrerClientId: referrer));
        Assert.Equal(LedgerStatus.Applied, result.Status);
        return clientId;
    }

    public Task<long> BalanceAsync(long clientId) =>
        WithContextAsync(db => db.PointAccounts.Where(a => a.ClientId == clientId).Select(a => a.Balance).SingleAsync());

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
