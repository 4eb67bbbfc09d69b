namespace LoyalityBot.Media;

/// <summary>
/// Where images live. Processed images are content-addressed (<see cref="MediaKey"/>), so they are immutable:
/// writing a key that exists is a no-op, and readers may cache them forever. Staged uploads are raw bytes under a
/// caller-chosen key (<see cref="StagingKey"/>) until the workers process them. Everything is streamed. The
/// operations map one-to-one onto an object store (PUT, GET, HEAD, DELETE), so an S3-compatible implementation
/// can replace <see cref="FileSystemMediaStore"/>.
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores the image unless the key exists. True when this call wrote it.</summary>
    Task<bool> PutAsync(MediaKey key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens the image, or null when there is none.</summary>
    Task<MediaObject?> GetAsync(MediaKey key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(MediaKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stages raw upload bytes under <paramref name="stagingKey"/> (replacing any earlier ones) and returns their
    /// length. Throws <see cref="MediaTooLargeException"/>, keeping nothing, past <c>Media:MaxStagedBytes</c>.
    /// </summary>
    Task<long> PutStagedAsync(string stagingKey, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens staged bytes, or null when there are none (never staged, or already processed).</summary>
    Task<Stream?> OpenStagedAsync(string stagingKey, CancellationToken cancellationToken = default);

    /// <summary>Deletes staged bytes; deleting a missing key is fine.</summary>
    Task DeleteStagedAsync(string stagingKey, CancellationToken cancellationToken = default);
}
