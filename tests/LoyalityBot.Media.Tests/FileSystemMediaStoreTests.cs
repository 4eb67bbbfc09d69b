using System.Security.Cryptography;

namespace LoyalityBot.Media.Tests;

public sealed class FileSystemMediaStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (MediaKey Key, byte[] Bytes) RandomImage(int length = 50_000)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        return (new MediaKey(Convert.ToHexStringLower(SHA256.HashData(bytes)), MediaVariant.Full), bytes);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Ct);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_stored_image_reads_back_whole_and_a_second_put_of_its_key_changes_nothing()
    {
        using var root = new TempMediaRoot();
        var store = root.CreateStore();
        var (key, bytes) = RandomImage();

        Assert.False(await store.ExistsAsync(key, Ct));
        Assert.Null(await store.GetAsync(key, Ct));
        Assert.True(await store.PutAsync(key, new MemoryStream(bytes), Ct));
        Assert.False(await store.PutAsync(key, new MemoryStream([1, 2, 3]), Ct));

        Assert.True(await store.ExistsAsync(key, Ct));
        await using var media = await store.GetAsync(key, Ct);
        Assert.NotNull(media);
        Assert.Equal("image/jpeg", media.ContentType);
        Assert.Equal(bytes.Length, media.Length);
        Assert.Equal(bytes, await ReadAllAsync(media.Content));
        Assert.True(File.Exists(Path.Combine(root.Path, "objects", key.Hash[..2], $"{key.Hash}.full.jpg")));
        Assert.Empty(root.TempFiles);
    }

    [Fact]
    public async Task Variants_of_one_hash_are_separate_objects()
    {
        using var root = new TempMediaRoot();
        var store = root.CreateStore();
        var (full, bytes) = RandomImage();
        var thumb = new MediaKey(full.Hash, MediaVariant.Thumb);

        await store.PutAsync(full, new MemoryStream(bytes), Ct);
        Assert.False(await store.ExistsAsync(thumb, Ct));
        await store.PutAsync(thumb, new MemoryStream([9, 9]), Ct);

        await using var media = await store.GetAsync(thumb, Ct);
        Assert.Equal([9, 9], await ReadAllAsync(media!.Content));
    }

    [Fact]
    public async Task Concurrent_writers_of_one_key_store_it_once_and_leave_no_temp_files()
    {
        using var root = new TempMediaRoot();
        var stores = Enumerable.Range(0, 8).Select(_ => root.CreateStore()).ToArray();
        var (key, bytes) = RandomImage(300_000);

        var wrote = await Task.WhenAll(stores.Select(s => Task.Run(() => s.PutAsync(key, new MemoryStream(bytes), Ct), Ct)));

        Assert.InRange(wrote.Count(w => w), 1, 8);
        await using var media = await stores[0].GetAsync(key, Ct);
        Assert.Equal(bytes, await ReadAllAsync(media!.Content));
        Assert.Empty(root.TempFiles);
    }

    [Fact]
    public async Task A_staged_upload_can_be_read_replaced_and_deleted()
    {
        using var root = new TempMediaRoot();
        var store = root.CreateStore();
        var key = StagingKey.New();

        Assert.Null(await store.OpenStagedAsync(key, Ct));
        Assert.Equal(3, await store.PutStagedAsync(key, new MemoryStream([1, 2, 3]), Ct));
        Assert.Equal(2, await store.PutStagedAsync(key, new MemoryStream([4, 5]), Ct));
        await using (var staged = await store.OpenStagedAsync(key, Ct))
        {
            Assert.Equal([4, 5], await ReadAllAsync(staged!));
        }

        await store.DeleteStagedAsync(key, Ct);
        await store.DeleteStagedAsync(key, Ct);
        Assert.Null(await store.OpenStagedAsync(key, Ct));
        Assert.Empty(root.TempFiles);
    }

    [Fact]
    public async Task A_staged_upload_over_the_limit_is_refused_and_nothing_is_kept()
    {
        using var root = new TempMediaRoot();
        var store = root.CreateStore(maxStagedBytes: 1000);
        var key = StagingKey.New();

        Assert.Equal(1000, await store.PutStagedAsync(key, new MemoryStream(new byte[1000]), Ct));
        var error = await Assert.ThrowsAsync<MediaTooLargeException>(() => store.PutStagedAsync(key, new MemoryStream(new byte[1001]), Ct));

        Assert.Equal(1000, error.LimitBytes);
        Assert.Contains("1000 bytes", error.Message, StringComparison.Ordinal);
        await using var kept = await store.OpenStagedAsync(key, Ct);
        Assert.Equal(1000, kept!.Length); // the earlier upload is untouched
        Assert.Empty(root.TempFiles);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("")]
    [InlineData("..")]
    public async Task Staging_keys_that_could_leave_the_staging_area_are_rejected(string key)
    {
        using var root = new TempMediaRoot();
        var store = root.CreateStore();

        Assert.False(StagingKey.IsValid(key));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutStagedAsync(key, new MemoryStream([1]), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.OpenStagedAsync(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.DeleteStagedAsync(key, Ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(root.Path, "staging")));
    }

    [Theory]
    [InlineData("../aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ABCDEF0000000000000000000000000000000000000000000000000000000000")]
    [InlineData("abc")]
    [InlineData("")]
    public void Media_hashes_other_than_64_lowercase_hex_digits_are_rejected(string hash)
    {
        Assert.False(MediaKey.IsValidHash(hash));
        Assert.Throws<ArgumentException>(() => new MediaKey(hash, MediaVariant.Full));
    }

    [Fact]
    public void Variant_names_round_trip_and_unknown_names_do_not_parse()
    {
        foreach (var variant in Enum.GetValues<MediaVariant>())
        {
            Assert.True(MediaVariants.TryParse(variant.Name(), out var parsed));
            Assert.Equal(variant, parsed);
        }
        Assert.Equal("full", MediaVariant.Full.Name());
        Assert.Equal("thumb", MediaVariant.Thumb.Name());
        Assert.False(MediaVariants.TryParse("original", out _));
        Assert.False(MediaVariants.TryParse(null, out _));
    }
}
