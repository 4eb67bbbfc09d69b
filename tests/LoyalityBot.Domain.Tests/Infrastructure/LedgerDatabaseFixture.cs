namespace LoyalityBot.Domain.Tests.Infrastructure;

/// <summary>One migrated database per test class; tests keep apart by using their own client ids.</summary>
public class LedgerDatabaseFixture : IAsyncLifetime
{
    private long nextId = 1_000;

    public LoyaltyTestDatabase Database { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public long NextId() => Interlocked.Increment(ref nextId);

    public async ValueTask InitializeAsync() => Database = await LoyaltyTestDatabase.CreateAsync("ledger", Settings);

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
