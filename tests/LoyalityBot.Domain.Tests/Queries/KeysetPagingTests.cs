using LoyalityBot.Domain.Data;
using LoyalityBot.Domain.Ledger;
using LoyalityBot.Domain.Model;
using LoyalityBot.Domain.Queries;
using LoyalityBot.Domain.Tests.Infrastructure;

namespace LoyalityBot.Domain.Tests.Queries;

public class KeysetPagingTests(LedgerDatabaseFixture fixture) : IClassFixture<LedgerDatabaseFixture>
{
    private LoyaltyTestDatabase Db => fixture.Database;

    [Fact]
    public async Task Pages_of_20_walk_a_history_newest_first_without_repeats_or_gaps_even_while_it_grows()
    {
        var client = await Db.RegisterAsync(fixture.NextId());
        for (var i = 0; i < 250; i++)
        {
            await Db.Ledger.AdjustAsync(new AdjustmentRequest(client, 1 + i, $"page-{client}-{i}"));
        }
        var all = await Db.WithContextAsync(db => db.ClientHistoryAsync(client, PageRequest.First(100)));
        Assert.Equal(100, all.Items.Count); // the maximum page size

        var seen = new List<long>();
        var page = PageRequest.First();
        var pages = 0;
        while (true)
        {
            var result = await Db.WithContextAsync(db => db.ClientHistoryAsync(client, page));
            Assert.True(result.Items.Count <= PageRequest.DefaultSize);
            seen.AddRange(result.Items.Select(e => e.Id));
            pages++;
            if (pages == 3)
            {
                // A write between pages lands before the first page; the walk neither repeats nor skips a row.
                await Db.Ledger.AdjustAsync(new AdjustmentRequest(client, 1, $"page-{client}-late"));
            }
            if (result.NextCursor is null)
            {
                break;
            }
            page = PageRequest.Parse(result.NextCursor);
        }

        Assert.Equal(13, pages); // 251 entries, 20 per page
        Assert.Equal(251, seen.Count);
        Assert.Equal(seen.OrderDescending(), seen);
        Assert.Equal(seen.Take(100), all.Items.Select(e => e.Id));
    }

    [Fact]
    public async Task Catalog_queries_filter_and_page_by_id()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (city, otherCity) = await Db.WithContextAsync(async db =>
        {
            var a = new City { Name = $"City {fixture.NextId()}", CountryCode = "US", Currency = "USD", IsAvailable = true };
            var b = new City { Name = $"City {fixture.NextId()}", CountryCode = "US", Currency = "USD", IsAvailable = true };
            db.Cities.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        var here = await Db.AddPartnerAsync(fixture.NextId(), cityId: city);
        var there = await Db.AddPartnerAsync(fixture.NextId(), cityId: otherCity);
        await Db.WithContextAsync(db =>
        {
            for (var i = 0; i < 30; i++)
            {
                db.Promotions.Add(Promotion(i % 2 == 0 ? here : there, today, i % 5 == 0 ? ModerationStatus.Pending : ModerationStatus.Approved));
            }
            db.Promotions.Add(Promotion(here, today.AddDays(-30), ModerationStatus.Approved)); // ended
            return db.SaveChangesAsync();
        });

        var inCity = await Db.WithContextAsync(db => db.PublishedPromotionsAsync(today, city, PageRequest.First(5)));
        var next = await Db.WithContextAsync(db => db.PublishedPromotionsAsync(today, city, PageRequest.Parse(inCity.NextCursor)));

        var expected = await Db.WithContextAsync(db => Task.FromResult(db.Promotions
            .Where(p => p.PartnerId == here && p.ApprovalStatus == ModerationStatus.Approved && p.EndsOn >= today)
            .OrderByDescending(p => p.Id).Select(p => p.Id).ToList()));
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected, inCity.Items.Concat(next.Items).Select(p => p.Id));
        Assert.Null(next.NextCursor);
    }

    private static Promotion Promotion(long partner, DateOnly today, ModerationStatus status) => new()
    {
        PartnerId = partner, Title = "Offer", Type = PromotionType.Discount, Price = 10m, StartsOn = today.AddDays(-10),
        EndsOn = today.AddDays(5), ApprovalStatus = status, CreatedAt = DateTime.UtcNow,
    };
}
