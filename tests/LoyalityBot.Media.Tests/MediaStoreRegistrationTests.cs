using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoyalityBot.Media.Tests;

public sealed class MediaStoreRegistrationTests
{
    [Fact]
    public async Task AddMediaStore_registers_the_filesystem_store_at_the_configured_root()
    {
        using var root = new TempMediaRoot();
        var builder = Host.CreateEmptyApplicationBuilder(new());
        builder.Configuration["Media:RootPath"] = root.Path;
        builder.Configuration["Media:MaxStagedBytes"] = "10";
        builder.AddMediaStore();
        using var host = builder.Build();

        var store = host.Services.GetRequiredService<IMediaStore>();

        Assert.IsType<FileSystemMediaStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<IMediaStore>());
        await Assert.ThrowsAsync<MediaTooLargeException>(() => store.PutStagedAsync("k", new MemoryStream(new byte[11]), TestContext.Current.CancellationToken));
        Assert.True(Directory.Exists(Path.Combine(root.Path, "objects")));
    }

    [Fact]
    public void A_missing_root_path_fails_with_a_message_naming_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new());
        builder.AddMediaStore();
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IMediaStore>());
        Assert.Contains("Media:RootPath", error.Message, StringComparison.Ordinal);
    }
}
