using System.Globalization;
using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Hosting.Testing;
using LoyalityBot.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace LoyalityBot.Messaging.Tests.Infrastructure;

/// <summary>
/// A migrated loyalty database per test class (the outbox tables come with the Domain's migrations), a partner,
/// and <c>accrual_effects</c>: the side effect <see cref="AccrualEffectHandler"/> applies once per event.
/// </summary>
public sealed class LoyaltyDatabase : IAsyncLifetime
{
    public const long PartnerId = 1;
    private long nextId = 1_000;
    private IHost host = null!;

    public TestDatabase Database { get; private set; } = null!;
    public LedgerService Ledger => host.Services.GetRequiredService<LedgerService>();
    public NpgsqlDataSource Primary => host.Services.GetRequiredService<NpgsqlDataSource>();

    public long NextId() => Interlocked.Increment(ref nextId);

    public async ValueTask InitializeAsync()
    {
        Database = await (await TestServers.PostgresAsync()).CreateDatabaseAsync("messaging", TestContext.Current.CancellationToken);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:loyalty"] = Database.ConnectionString,
            ["ConnectionStrings:loyalty-readonly"] = Database.ReadOnlyConnectionString,
        });
        builder.AddLoyaltyData();
        host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LoyaltyDbContext>();
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        db.Partners.Add(new Partner { Id = PartnerId, Name = "Partner", Category = "beauty", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        await ExecuteAsync("CREATE TABLE accrual_effects (event_id uuid NOT NULL, entry_id bigint NOT NULL)");
    }

    public async Task<long> RegisterClientAsync()
    {
        var clientId = NextId();
        var result = await Ledger.RegisterClientAsync(new ClientRegistration(clientId, $"Client {clientId}"), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(LedgerStatus.Applied, result.Status);
        return clientId;
    }

    /// <summary>An accrual that announces itself through the outbox, in the ledger's own transaction.</summary>
    public Task<LedgerResult> AccrueAsync(long clientId, string key, Action<PointsAccruedIntegrationEvent>? afterWrite = null) =>
        Ledger.AccrueAsync(new AccrualRequest(clientId, PartnerId, 100m, "USD", key), async (context, ct) =>
        {
            var accrued = new PointsAccruedIntegrationEvent(context.Result.EntryId!.Value, context.Result.ClientId, PartnerId, context.Result.Points, context.Result.BalanceAfter);
            await OutboxWriter.WriteAsync(context.Connection, context.Transaction, [accrued], ct);
            afterWrite?.Invoke(accrued);
        }, TestContext.Current.CancellationToken);

    /// <summary>Writes events straight into the outbox, <paramref name="perTransaction"/> per transaction.</summary>
    public async Task<List<PointsAccruedIntegrationEvent>> WriteEventsAsync(int count, int perTransaction = 100)
    {
        var events = Enumerable.Range(0, count).Select(_ => new PointsAccruedIntegrationEvent(NextId(), 0, PartnerId, 1, null)).ToList();
        foreach (var chunk in events.Chunk(perTransaction))
        {
            await using var connection = await Primary.OpenConnectionAsync(TestContext.Current.CancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await OutboxWriter.WriteAsync(connection, transaction, chunk, TestContext.Current.CancellationToken);
            await transaction.CommitAsync(TestContext.Current.CancellationToken);
        }
        return events;
    }

    public async Task<long> ScalarAsync(string sql, params object[] parameters)
    {
        await using var command = Primary.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Polls <paramref name="sql"/> until it returns <paramref name="expected"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(long expected, TimeSpan timeout, string sql, params object[] parameters)
    {
        var deadline = DateTime.UtcNow + timeout;
        long actual;
        while ((actual = await ScalarAsync(sql, parameters)) != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Expected {expected} but had {actual} after {timeout}: {sql}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = Primary.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await ((IAsyncDisposable)host).DisposeAsync();
}
