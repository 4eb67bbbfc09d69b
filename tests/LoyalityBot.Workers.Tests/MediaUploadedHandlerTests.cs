using LoyalityBot.Coordination;
using LoyalityBot.Domain.Model;
using LoyalityBot.Media;
using LoyalityBot.Messaging.EventBus;
using LoyalityBot.Messaging.IntegrationEvents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SkiaSharp;

namespace LoyalityBot.Workers.Tests;

/// <summary>Photo processing with the workers' registration: real RabbitMQ, Postgres, the sandbox and a media directory.</summary>
public sealed class MediaUploadedHandlerTests(SandboxTelegram telegram) : IClassFixture<SandboxTelegram>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_staged_upload_published_on_the_bus_is_stored_resized_and_set_on_the_promotion()
    {
        var (worker, partner, _) = await StartAsync();
        await using var _ = worker;
        var promotionId = await AddPromotionAsync(worker, partner.Id);
        var store = worker.Services.GetRequiredService<IMediaStore>();
        var staged = StagingKey.New();
        await store.PutStagedAsync(staged, new MemoryStream(TestImages.Encode(2400, 1600, SKEncodedImageFormat.Jpeg)), Ct);
        await worker.StartAsync();

        var catalog = worker.Services.GetRequiredService<CatalogGeneration>();
        var generation = await catalog.CurrentAsync();
        await worker.Services.GetRequiredService<IEventBus>().PublishAsync(
            new MediaUploadedIntegrationEvent(MediaOwnerKind.Promotion, promotionId, partner.Id, null, null, staged), Ct);
        var hash = await WaitForImageHashAsync(worker, promotionId);
        // The new image reaches the Mini App catalog at once (this host's own generation: only it bumps it)
        // (the hash commits just before the bump, so allow the handler a moment).
        for (var waited = 0; await catalog.CurrentAsync() == generation && waited < 100; waited++)
        {
            await Task.Delay(100, Ct);
        }
        Assert.True(await catalog.CurrentAsync() > generation, "The stored photo left the catalog generation unchanged.");

        Assert.Equal((SKEncodedImageFormat.Jpeg, 1200, 800), await StoredAsync(store, hash, MediaVariant.Full));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 320, 213), await StoredAsync(store, hash, MediaVariant.Thumb));
        Assert.Null(await store.OpenStagedAsync(staged, Ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(worker.MediaRoot!, "tmp")));
    }

    [Fact]
    public async Task A_photo_sent_to_the_partner_bot_is_fetched_from_telegram_and_a_redelivery_has_no_second_effect()
    {
        var (worker, partner, bot) = await StartAsync();
        await using var _ = worker;
        var serviceId = await AddServiceAsync(worker, partner.Id);
        var sent = await telegram.Sandbox.SendPhotoAsync(bot.Name, partner.Id, TestImages.Encode(500, 1000), cancellationToken: Ct);
        var upload = new MediaUploadedIntegrationEvent(MediaOwnerKind.Service, serviceId, partner.Id, bot.Name, sent.Photo![^1].FileId, null);

        await worker.DeliverAsync(upload);
        var hash = await ImageHashAsync(worker, "services", serviceId);
        // Clear what the first delivery set: a second delivery that acted again would set it back.
        await ExecuteAsync(worker, $"UPDATE services SET image_hash = NULL WHERE id = {serviceId}");
        await worker.DeliverAsync(upload);

        Assert.NotNull(hash);
        var store = worker.Services.GetRequiredService<IMediaStore>();
        Assert.Equal((SKEncodedImageFormat.Jpeg, 500, 1000), await StoredAsync(store, hash, MediaVariant.Full));
        Assert.Equal((SKEncodedImageFormat.Jpeg, 160, 320), await StoredAsync(store, hash, MediaVariant.Thumb));
        Assert.Null(await ImageHashAsync(worker, "services", serviceId));
        Assert.Equal(2, Directory.EnumerateFiles(Path.Combine(worker.MediaRoot!, "objects"), "*", SearchOption.AllDirectories).Count());
        Assert.DoesNotContain((await telegram.Sandbox.GetTranscriptAsync(bot.Name, partner.Id, Ct)).Messages, m => m.From == TranscriptEntry.FromBot);
    }

    [Fact]
    public async Task A_non_image_and_an_oversized_upload_are_refused_and_the_partner_is_told_why_once()
    {
        var (worker, partner, bot) = await StartAsync();
        await using var _ = worker;
        var promotionId = await AddPromotionAsync(worker, partner.Id);
        var store = worker.Services.GetRequiredService<IMediaStore>();
        var (notImage, oversized) = (StagingKey.New(), StagingKey.New());
        await store.PutStagedAsync(notImage, new MemoryStream("just some text, not a photo"u8.ToArray()), Ct);
        await store.PutStagedAsync(oversized, new MemoryStream(new byte[(5 * 1024 * 1024) + 1]), Ct);
        var first = new MediaUploadedIntegrationEvent(MediaOwnerKind.Promotion, promotionId, partner.Id, null, null, notImage);

        await worker.DeliverAsync(first);
        await worker.DeliverAsync(first);
        await worker.DeliverAsync(new MediaUploadedIntegrationEvent(MediaOwnerKind.Promotion, promotionId, partner.Id, null, null, oversized));

        Assert.Equal(
        [
            "The photo for promotion \"Spring sale\" was not accepted: The file is not an image. Send a photo (JPEG, PNG, WebP or GIF).",
            "The photo for promotion \"Spring sale\" was not accepted: The photo is 5.0 MB; the limit is 5 MB. Send a smaller one.",
        ], (await telegram.Sandbox.GetTranscriptAsync(bot.Name, partner.Id, Ct)).Messages.Where(m => m.From == TranscriptEntry.FromBot).Select(m => m.Text));
        Assert.Null(await ImageHashAsync(worker, "promotions", promotionId));
        Assert.Null(await store.OpenStagedAsync(notImage, Ct));
        Assert.Null(await store.OpenStagedAsync(oversized, Ct));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(worker.MediaRoot!, "objects"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_telegram_document_that_is_not_an_image_is_refused()
    {
        var (worker, partner, bot) = await StartAsync();
        await using var _ = worker;
        var serviceId = await AddServiceAsync(worker, partner.Id);
        var sent = await telegram.Sandbox.SendDocumentAsync(bot.Name, partner.Id, "a,b\n1,2\n"u8.ToArray(), "prices.csv", cancellationToken: Ct);

        await worker.DeliverAsync(new MediaUploadedIntegrationEvent(MediaOwnerKind.Service, serviceId, partner.Id, bot.Name, sent.Document!.FileId, null));

        var notice = await telegram.Sandbox.WaitForBotMessageAsync(bot.Name, partner.Id, timeout: TimeSpan.FromSeconds(10), cancellationToken: Ct);
        Assert.Equal("The photo for service \"Haircut\" was not accepted: The file is not an image. Send a photo (JPEG, PNG, WebP or GIF).", notice.Text);
        Assert.Null(await ImageHashAsync(worker, "services", serviceId));
    }

    /// <summary>A worker host whose partner bot is a fresh sandbox bot, and a partner who started it.</summary>
    private async Task<(WorkersHost Worker, SandboxUser Partner, SandboxBot Bot)> StartAsync()
    {
        var bot = await telegram.NewBotAsync();
        var partner = (await telegram.UsersAsync(bot, 1))[0];
        var worker = await WorkersHost.CreateAsync(telegram, new Dictionary<string, SandboxBot> { ["Partner"] = bot }, mediaRoot: true);
        await worker.WithDbAsync(async db =>
        {
            db.Partners.Add(new Partner { Id = partner.Id, Name = "Barber", Category = "beauty", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        return (worker, partner, bot);
    }

    private static async Task<long> AddPromotionAsync(WorkersHost worker, long partnerId)
    {
        var promotion = new Promotion
        {
            PartnerId = partnerId, Title = "Spring sale", StartsOn = new DateOnly(2026, 3, 1), EndsOn = new DateOnly(2026, 5, 31),
            Price = 10m, CreatedAt = DateTime.UtcNow,
        };
        await worker.WithDbAsync(async db =>
        {
            db.Promotions.Add(promotion);
            await db.SaveChangesAsync(Ct);
        });
        return promotion.Id;
    }

    private static async Task<long> AddServiceAsync(WorkersHost worker, long partnerId)
    {
        var service = new Service { PartnerId = partnerId, Title = "Haircut", PricePoints = 300, Category = "beauty", CreatedAt = DateTime.UtcNow };
        await worker.WithDbAsync(async db =>
        {
            db.Services.Add(service);
            await db.SaveChangesAsync(Ct);
        });
        return service.Id;
    }

    private static async Task<string> WaitForImageHashAsync(WorkersHost worker, long promotionId)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(100))
        {
            if (await ImageHashAsync(worker, "promotions", promotionId) is { } hash)
            {
                return hash;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"Promotion {promotionId} got no image within 30 s.");
    }

    private static async Task<string?> ImageHashAsync(WorkersHost worker, string table, long id)
    {
        await using var dataSource = NpgsqlDataSource.Create(worker.TestDatabase.ConnectionString);
        await using var command = dataSource.CreateCommand($"SELECT image_hash FROM {table} WHERE id = {id}");
        return await command.ExecuteScalarAsync(Ct) as string;
    }

    private static async Task ExecuteAsync(WorkersHost worker, string sql) =>
        await worker.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, Ct));

    private static async Task<(SKEncodedImageFormat, int, int)> StoredAsync(IMediaStore store, string hash, MediaVariant variant)
    {
        await using var media = await store.GetAsync(new MediaKey(hash, variant), Ct) ?? throw new InvalidOperationException($"{variant} of {hash} is not stored");
        using var copy = new MemoryStream();
        await media.Content.CopyToAsync(copy, Ct);
        Assert.Equal("image/jpeg", media.ContentType);
        return TestImages.Describe(copy.ToArray());
    }
}
