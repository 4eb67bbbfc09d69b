using LoyalityBot.Domain.Rules;
using LoyalityBot.Domain.Seeding;

namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>A database seeded by the demo generator, large enough that the planner prefers indexes where they exist.</summary>
public sealed class LargeDatasetFixture : IAsyncLifetime
{
    public static readonly SeedSize Size = new(Clients: 30_000, Partners: 300, Transactions: 300_000);

    public LoyaltyTestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await LoyaltyTestDatabase.CreateAsync("large");
        await new DemoDataGenerator(Database.Primary, new LedgerOptions(), _ => { })
            .GenerateAsync(Size, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
