using LoyalityBot.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MediaStoreExtensions
{
    /// <summary>
    /// Registers <see cref="IMediaStore"/> as the filesystem store rooted at <c>Media:RootPath</c> (required).
    /// An S3-compatible store would be registered here instead, behind the same interface.
    /// </summary>
    public static IHostApplicationBuilder AddMediaStore(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(MediaStoreOptions.SectionName).Get<MediaStoreOptions>() ?? new();
        builder.Services.AddSingleton(options);
        // Created on first use, so a misconfigured root fails the service that needs it with a clear message.
        builder.Services.AddSingleton<IMediaStore>(sp => new FileSystemMediaStore(sp.GetRequiredService<MediaStoreOptions>()));
        return builder;
    }
}
