using LoyalityBot.Api.Tests.Infrastructure;
using LoyalityBot.Domain.Ledger;

namespace LoyalityBot.Api.Tests;

public sealed class PaginationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>
    /// Walking a partner's transactions page by page while new ones are inserted concurrently: every row that
    /// existed when the walk began is seen exactly once, in order, and no page repeats a row.
    /// </summary>
    [Fact]
    public async Task Keyset_pages_are_stable_under_concurrent_inserts()
    {
        var partner = await api.AddPartnerAsync(750_001);
        var clients = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await api.RegisterClientAsync(750_100 + i));
        }
        for (var i = 0; i < 60; i++)
        {
            await api.Ledger.AccrueAsync(new AccrualRequest(clients[i % 5], partner, 100m, "USD", $"p-{i}"));
        }
        await api.WaitForReplicaAsync();
        using var http = await api.SignInAsync(partner);
        var before = await Json.ReadAsync(await http.GetAsync("/api/v1/partner/transactions?limit=100", TestContext.Current.CancellationToken));
        var existing = before.Ids().ToList();
        Assert.Equal(60, existing.Count);

        using var stop = new CancellationTokenSource();
        var inserted = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await api.Ledger.AccrueAsync(new AccrualRequest(clients[inserted % 5], partner, 100m, "USD", $"c-{inserted++}"));
            }
        });
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await Json.ReadAsync(await http.GetAsync($"/api/v1/partner/transactions?limit=7&cursor={cursor}", TestContext.Current.CancellationToken));
            seen.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
            await Task.Delay(20, TestContext.Current.CancellationToken); // let the writer get in between pages
        }
        while (cursor is not null);
        await stop.CancelAsync();
        await writer;

        Assert.True(inserted > 0, "the writer inserted nothing during the walk");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(existing, seen.Where(id => id <= existing[0]));
    }
}
