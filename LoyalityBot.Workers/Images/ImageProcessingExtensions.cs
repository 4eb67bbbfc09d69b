namespace LoyalityBot.Workers.Images;

public static class ImageProcessingExtensions
{
    internal const string MeterName = "LoyalityBot.Workers.Media";

    /// <summary>
    /// What photo processing needs: the media store (<c>Media</c> section), the <c>Images</c> limits, the processor
    /// and the source reader. The handler is subscribed with the others; it also uses the Telegram gateway.
    /// </summary>
    public static IHostApplicationBuilder AddImageProcessing(this IHostApplicationBuilder builder)
    {
        builder.AddMediaStore();
        builder.Services.AddOptions<ImageOptions>()
            .Bind(builder.Configuration.GetSection(ImageOptions.SectionName))
            .Validate(options => options.Validate() is null, "The Images section is invalid (see ImageOptions.Validate).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddSingleton<MediaSourceReader>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(MeterName));
        return builder;
    }
}
